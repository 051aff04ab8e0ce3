// The repository's protos/, loaded at run time: nothing is generated or committed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

export const protosDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../protos');

/** The imagegrid.v1 package: ImageGrid (the client constructor) and its types. */
export function loadImageGrid() {
  const definition = protoLoader.loadSync('imagegrid/v1/imagegrid.proto', {
    includeDirs: [protosDir],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).imagegrid.v1;
}

/** google.rpc.Status and google.rpc.BadRequest, to decode error details (protobufjs bundles google/protobuf/*). */
export function loadErrorDetails() {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(protosDir, target);
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
  return {
    Status: root.lookupType('google.rpc.Status'),
    BadRequest: root.lookupType('google.rpc.BadRequest'),
  };
}

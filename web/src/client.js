// The ImageGrid service over gRPC-Web, on the page's own origin, sending the user's API key with every call.
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { ImageGrid } from "./gen/imagegrid/v1/imagegrid_pb.js";

export function imageGridClient(apiKey) {
  const transport = createGrpcWebTransport({
    baseUrl: window.location.origin,
    interceptors: [
      (next) => (request) => {
        request.header.set("authorization", `Bearer ${apiKey}`);
        return next(request);
      },
    ],
  });
  return createClient(ImageGrid, transport);
}

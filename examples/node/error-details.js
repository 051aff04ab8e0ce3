// Reads the google.rpc.BadRequest detail of a failed call from its grpc-status-details-bin trailer.
import { loadErrorDetails } from './protos.js';

const { Status, BadRequest } = loadErrorDetails();
const badRequestTypeUrl = 'type.googleapis.com/google.rpc.BadRequest';

/** The { field, description } pairs of every BadRequest in the error's details; empty when it carries none. */
export function fieldViolations(error) {
  const [details] = error.metadata?.get('grpc-status-details-bin') ?? [];
  if (!details) {
    return [];
  }
  const status = Status.decode(details);
  return status.details
    .filter((any) => any.type_url === badRequestTypeUrl)
    .flatMap((any) => BadRequest.decode(any.value).field_violations)
    .map(({ field, description }) => ({ field, description }));
}

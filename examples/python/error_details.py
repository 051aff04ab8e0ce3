"""Reads the google.rpc.BadRequest detail of a failed call from its grpc-status-details-bin trailer."""
import grpc

from google.rpc import error_details_pb2, status_pb2

STATUS_DETAILS_KEY = "grpc-status-details-bin"


def field_violations(error: grpc.RpcError) -> list[tuple[str, str]]:
    """The (field, description) pairs of every BadRequest in the error's details; empty when it carries none."""
    status = status_pb2.Status()
    for key, value in error.trailing_metadata() or ():
        if key == STATUS_DETAILS_KEY:
            status.ParseFromString(value)
    violations = []
    for detail in status.details:
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(bad_request):
            violations.extend((violation.field, violation.description) for violation in bad_request.field_violations)
    return violations

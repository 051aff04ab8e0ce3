// How tasks, times and errors read on the page.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { TaskStatus } from "./gen/imagegrid/v1/imagegrid_pb.js";

/** SUCCEEDED, RUNNING, ...: the proto's enum name without its prefix. */
export function statusName(status) {
  return (TaskStatus[status] ?? "UNSPECIFIED").replace(/^TASK_STATUS_/, "");
}

export function isTerminal(status) {
  return status === TaskStatus.SUCCEEDED || status === TaskStatus.FAILED;
}

export function millis(timestamp) {
  return timestamp ? timestampDate(timestamp).getTime() : 0;
}

export function timeOf(timestamp) {
  return timestamp ? timestampDate(timestamp).toLocaleTimeString() : "";
}

/** The gRPC status and the server's message, e.g. "Unauthenticated: ...". */
export function errorText(error) {
  const failure = ConnectError.from(error);
  return `${Code[failure.code] ?? failure.code}: ${failure.rawMessage}`;
}

/** A new element with a class and text (text through textContent: server data is never parsed as HTML). */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

import type { LogStream } from "@grace/protocol";
import { quote } from "../xmlrpc/xml-reader.js";
import type { HttpRequest } from "./request-reader.js";

/** Where a request goes, as supervisord's handlers match it (by path prefix). */
export type Route =
  | { kind: "rpc" }
  | { kind: "logtail"; namespec: string; stream: LogStream }
  | { kind: "mainlogtail" }
  | { kind: "refuse"; status: number; reason: string };

const refuse = (status: number, reason: string): Route => ({ kind: "refuse", status, reason });

/** The path of a target: an absolute URL's host is dropped, the query too. */
function pathOf(target: string): string {
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  const q = path.indexOf("?");
  return q === -1 ? path : path.slice(0, q);
}

/** `/logtail/NAME[/stdout|/stderr]`: NAME is a namespec (`web`, `group:web`), percent-encoding allowed. */
function logtail(path: string): Route {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return refuse(400, `bad percent-encoding in ${quote(path)}`);
  }
  const rest = decoded.replace(/^\/+/, "").slice("logtail".length).replace(/^\/+/, "");
  const slash = rest.indexOf("/");
  const namespec = slash === -1 ? rest : rest.slice(0, slash);
  const stream = slash === -1 ? "stdout" : rest.slice(slash + 1);
  if (namespec === "") return refuse(404, "no process named: use /logtail/NAME or /logtail/NAME/stderr");
  if (stream !== "stdout" && stream !== "stderr") return refuse(404, `no log ${quote(stream)}: stdout or stderr`);
  return { kind: "logtail", namespec, stream };
}

/**
 * Route a request: POST /RPC2 (XML-RPC), GET /logtail/NAME[/stderr] and GET /mainlogtail
 * (`tail -f`, `maintail -f`). Another method on those paths is 400 and another path 404, as
 * supervisord answers (it also serves a web page at /, which graced does not). Pure.
 */
export function route(req: Pick<HttpRequest, "method" | "target">): Route {
  const path = pathOf(req.target);
  if (path.startsWith("/RPC2")) return req.method === "POST" ? { kind: "rpc" } : refuse(400, `XML-RPC is POST /RPC2, not ${req.method}`);
  if (path.startsWith("/logtail"))
    return req.method === "GET" ? logtail(path) : refuse(400, `tail is GET /logtail/NAME, not ${req.method}`);
  if (path.startsWith("/mainlogtail"))
    return req.method === "GET" ? { kind: "mainlogtail" } : refuse(400, `maintail is GET /mainlogtail, not ${req.method}`);
  return refuse(404, `nothing at ${quote(path)}: graced serves POST /RPC2, GET /logtail/NAME and GET /mainlogtail`);
}

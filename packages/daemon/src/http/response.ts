/**
 * The bytes of graced's HTTP answers. Always HTTP/1.1 (a 1.0 client reads it as well); a body
 * has a Content-Length, except a `tail -f` stream, which is chunked for HTTP/1.1 clients and
 * ends with the connection for 1.0 ones, as supervisord streams it. Pure.
 */

const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  408: "Request Timeout",
  411: "Length Required",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
  505: "HTTP Version Not Supported",
};

export type Header = [name: string, value: string];

function head(status: number, headers: Header[]): string {
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** A whole answer; `close` adds `Connection: close` (graced then ends the connection). */
export function httpResponse(status: number, headers: Header[], body: string | Buffer, close: boolean): Buffer {
  const data = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const all: Header[] = [...headers, ["Content-Length", String(data.length)]];
  if (close) all.push(["Connection", "close"]);
  return Buffer.concat([Buffer.from(head(status, all), "latin1"), data]);
}

/** An XML-RPC answer (a result or a fault alike: HTTP 200). */
export function xmlResponse(xml: string, close: boolean): Buffer {
  return httpResponse(200, [["Content-Type", "text/xml"]], xml, close);
}

/** An error answer with its reason as plain text (supervisord sends a fixed HTML page). */
export function errorResponse(status: number, reason: string, close: boolean, headers: Header[] = []): Buffer {
  return httpResponse(status, [["Content-Type", "text/plain; charset=utf-8"], ...headers], `${reason}\n`, close);
}

/** The head of a `tail -f` stream. */
export function streamHead(chunked: boolean): Buffer {
  const headers: Header[] = [
    ["Content-Type", "text/plain;charset=utf-8"],
    // tells a reverse proxy (nginx) not to buffer the stream
    ["X-Accel-Buffering", "no"],
    chunked ? ["Transfer-Encoding", "chunked"] : ["Connection", "close"],
  ];
  return Buffer.from(head(200, headers), "latin1");
}

/** One piece of a stream; nothing for no bytes (an empty chunk would end a chunked stream). */
export function streamChunk(data: Buffer, chunked: boolean): Buffer {
  if (data.length === 0 || !chunked) return data;
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, "latin1"), data, Buffer.from("\r\n", "latin1")]);
}

/** The end of a stream (a chunked one says so; a 1.0 one just closes). */
export function streamEnd(chunked: boolean): Buffer {
  return chunked ? Buffer.from("0\r\n\r\n", "latin1") : Buffer.alloc(0);
}

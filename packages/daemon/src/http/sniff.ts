/**
 * One socket serves two protocols; the first byte a client sends tells which. An HTTP request
 * starts with its method, in capitals (`POST /RPC2`, `GET /logtail/…`); no JSON text can start
 * with a capital letter (a JSON-RPC frame starts with `{` or `[`, perhaps after whitespace).
 * Anything else is handed to the NDJSON side, whose parse error is the right answer. Pure.
 */
export type Sniffed = "http" | "ndjson" | "undecided";

export function sniffProtocol(first: Buffer): Sniffed {
  if (first.length === 0) return "undecided";
  const b = first[0];
  return b >= 0x41 && b <= 0x5a ? "http" : "ndjson";
}

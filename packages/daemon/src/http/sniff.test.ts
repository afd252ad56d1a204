import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sniffProtocol } from "./sniff.js";

describe("sniffProtocol tells HTTP from an NDJSON frame by the first byte", () => {
  const cases: { first: string; is: string }[] = [
    { first: "POST /RPC2 HTTP/1.1\r\n", is: "http" },
    { first: "GET /logtail/web HTTP/1.1\r\n", is: "http" },
    { first: "G", is: "http" },
    { first: "HEAD / HTTP/1.1\r\n", is: "http" },
    { first: '{"jsonrpc":"2.0"}\n', is: "ndjson" },
    { first: "[{}]\n", is: "ndjson" },
    { first: ' {"jsonrpc":"2.0"}\n', is: "ndjson" },
    { first: "\n", is: "ndjson" },
    { first: "\t[", is: "ndjson" },
    { first: "post / HTTP/1.1", is: "ndjson" },
    { first: "\u00ff", is: "ndjson" },
    { first: "", is: "undecided" },
  ];
  for (const c of cases)
    it(`${JSON.stringify(c.first)} → ${c.is}`, () => assert.equal(sniffProtocol(Buffer.from(c.first, "latin1")), c.is));
});

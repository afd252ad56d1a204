import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorResponse, streamChunk, streamEnd, streamHead, xmlResponse } from "./response.js";

describe("response bytes", () => {
  it("an XML answer has its length and keeps the connection unless told to close", () => {
    assert.equal(xmlResponse("<x/>", false).toString(), "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 4\r\n\r\n<x/>");
    assert.match(xmlResponse("<x/>", true).toString(), /\r\nConnection: close\r\n\r\n<x\/>$/);
  });

  it("the length counts bytes, not characters", () => {
    assert.match(xmlResponse("é", false).toString(), /Content-Length: 2\r\n/);
  });

  it("an error says why in plain text, with extra headers", () => {
    const text = errorResponse(401, "unauthorized", true, [["WWW-Authenticate", 'Basic realm="default"']]).toString();
    assert.match(text, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.match(text, /\r\nWWW-Authenticate: Basic realm="default"\r\n/);
    assert.match(text, /\r\n\r\nunauthorized\n$/);
  });

  it("a stream is chunked for HTTP/1.1 and close-delimited for 1.0", () => {
    assert.match(streamHead(true).toString(), /Transfer-Encoding: chunked\r\n\r\n$/);
    assert.match(streamHead(false).toString(), /Connection: close\r\n\r\n$/);
    assert.equal(streamChunk(Buffer.from("hello\n"), true).toString(), "6\r\nhello\n\r\n");
    assert.equal(streamChunk(Buffer.alloc(300, "x"), true).toString().split("\r\n")[0], "12c");
    assert.equal(streamChunk(Buffer.alloc(0), true).length, 0, "an empty chunk would end the stream");
    assert.equal(streamChunk(Buffer.from("raw"), false).toString(), "raw");
    assert.equal(streamEnd(true).toString(), "0\r\n\r\n");
    assert.equal(streamEnd(false).length, 0);
  });
});

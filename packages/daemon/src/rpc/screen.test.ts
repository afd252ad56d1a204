import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RpcError } from "@grace/protocol";
import { type Item, screen } from "./screen.js";

const req = (id: unknown) => ({ jsonrpc: "2.0", id, method: "version" });
/** "run" for an item that goes to the handlers, else the error code it gets. */
const verdict = (item: Item) => (item.request ? "run" : item.answer.error.code);

describe("screen", () => {
  const single: { name: string; message: unknown; expected: "run" | number }[] = [
    { name: "a number id", message: req(1), expected: "run" },
    { name: "a string id", message: req("a"), expected: "run" },
    { name: "a null id", message: req(null), expected: "run" },
    { name: "no id (a notification)", message: { jsonrpc: "2.0", method: "version" }, expected: "run" },
    { name: "an array id", message: req([1]), expected: RpcError.INVALID_REQUEST },
    { name: "an object id", message: req({}), expected: RpcError.INVALID_REQUEST },
    { name: "a boolean id", message: req(true), expected: RpcError.INVALID_REQUEST },
    { name: "a message null", message: null, expected: RpcError.INVALID_REQUEST },
    { name: "a message 5", message: 5, expected: RpcError.INVALID_REQUEST },
    { name: 'a message "x"', message: "x", expected: RpcError.INVALID_REQUEST },
  ];
  for (const c of single) {
    it(`${c.name}: ${c.expected}`, () => {
      const s = screen(c.message, 10);
      assert.ok("single" in s);
      assert.equal(verdict(s.single), c.expected);
      if (s.single.answer) assert.equal(s.single.answer.id, null);
    });
  }

  it("screens each element of a batch on its own", () => {
    const s = screen([req(1), null, req([[]]), [req(2)]], 10);
    assert.ok("batch" in s);
    assert.deepEqual(s.batch.map(verdict), ["run", RpcError.INVALID_REQUEST, RpcError.INVALID_REQUEST, RpcError.INVALID_REQUEST]);
  });

  it("answers a batch over the limit as a whole, naming the limit and the length", () => {
    const s = screen(
      Array.from({ length: 11 }, (_, i) => req(i)),
      10,
    );
    assert.ok("whole" in s);
    assert.equal(s.whole.error.code, RpcError.INVALID_REQUEST);
    assert.match(s.whole.error.message, /at most 10 requests, this one 11/);
  });

  it("answers an empty batch as a whole", () => {
    const s = screen([], 10);
    assert.ok("whole" in s);
    assert.equal(s.whole.id, null);
  });
});

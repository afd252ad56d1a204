import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RpcError } from "@grace/protocol";
import type { JSONRPCRequest, JSONRPCResponse } from "json-rpc-2.0";
import { encodeAnswer, runBatch, runOne } from "./answer.js";
import { screen } from "./screen.js";

const ok = (id: number, result: unknown): JSONRPCResponse => ({ jsonrpc: "2.0", id, result });
const turn = () => new Promise<void>((r) => setImmediate(r));
const codeOf = (text: string) => (JSON.parse(text) as { error?: { code: number } }).error?.code;

describe("encodeAnswer", () => {
  it("encodes an answer within the limit as it is", () => {
    assert.deepEqual(JSON.parse(encodeAnswer(ok(1, "x"), 100)), ok(1, "x"));
  });

  it("turns an answer over the limit into ANSWER_TOO_LARGE with its id, naming the limit", () => {
    const text = encodeAnswer(ok(3, "x".repeat(200)), 100);
    const parsed = JSON.parse(text);
    assert.equal(parsed.id, 3);
    assert.equal(parsed.error.code, RpcError.ANSWER_TOO_LARGE);
    assert.match(parsed.error.message, /would exceed 100 bytes/);
  });

  it("never throws: an answer that cannot be encoded becomes an internal error", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(codeOf(encodeAnswer(ok(1, circular), 1000)), RpcError.INTERNAL_ERROR);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(codeOf(encodeAnswer(ok(1, deep), 10_000_000)), RpcError.INTERNAL_ERROR);
  });
});

describe("runOne", () => {
  it("answers a run that throws with an internal error, not a rejection", async () => {
    const text = await runOne({ request: { jsonrpc: "2.0", id: 4, method: "x" } }, () => Promise.reject(new Error("boom")), 1000);
    assert.equal(codeOf(text ?? ""), RpcError.INTERNAL_ERROR);
  });
});

describe("runBatch", () => {
  const items = (n: number) => {
    const s = screen(
      Array.from({ length: n }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "m" })),
      100,
    );
    assert.ok("batch" in s);
    return s.batch;
  };

  it("answers every request, in order", async () => {
    const text = await runBatch(items(3), async (r: JSONRPCRequest) => ok(r.id as number, r.id), 1000, turn);
    assert.deepEqual(JSON.parse(text ?? ""), [ok(0, 0), ok(1, 1), ok(2, 2)]);
  });

  it("once the answers pass the limit, answers the rest with ANSWER_TOO_LARGE and does not run them", async () => {
    const ran: number[] = [];
    const run = async (r: JSONRPCRequest) => {
      ran.push(r.id as number);
      return ok(r.id as number, "x".repeat(400));
    };
    const text = await runBatch(items(10), run, 1000, turn);
    const answers = JSON.parse(text ?? "") as { id: number; error?: { code: number } }[];
    assert.deepEqual(
      answers.map((a) => a.error?.code ?? "ok"),
      ["ok", "ok", ...Array(8).fill(RpcError.ANSWER_TOO_LARGE)],
    );
    assert.deepEqual(
      answers.map((a) => a.id),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(ran, [0, 1, 2], "the third passed the limit; none after it ran");
  });

  it("starts the next request before a slow one is answered", async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const started: number[] = [];
    const run = async (r: JSONRPCRequest) => {
      started.push(r.id as number);
      if (r.id === 0) await slow;
      if (r.id === 1) release();
      return ok(r.id as number, null);
    };
    const text = await runBatch(items(2), run, 1000, turn);
    assert.deepEqual(started, [0, 1]);
    assert.equal((JSON.parse(text ?? "") as unknown[]).length, 2);
  });

  it("gives null when only notifications were sent", async () => {
    const s = screen([{ jsonrpc: "2.0", method: "m" }], 10);
    assert.ok("batch" in s);
    assert.equal(await runBatch(s.batch, async () => null, 1000, turn), null);
  });
});

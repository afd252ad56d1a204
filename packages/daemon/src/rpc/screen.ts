import { RpcError } from "@grace/protocol";
import type { JSONRPCErrorResponse, JSONRPCRequest } from "json-rpc-2.0";

/** One element of a frame: a request to run, or the error it gets without being run. */
export type Item = { request: JSONRPCRequest; answer?: undefined } | { request?: undefined; answer: JSONRPCErrorResponse };

/** A parsed frame, screened: one item, a batch of items, or one error for the whole frame. */
export type Screened = { single: Item } | { batch: Item[] } | { whole: JSONRPCErrorResponse };

export const invalidRequest = (why: string): JSONRPCErrorResponse => ({
  jsonrpc: "2.0",
  id: null,
  error: { code: RpcError.INVALID_REQUEST, message: `invalid request: ${why}` },
});

/** JSON-RPC 2.0 allows these ids only; anything else could not even be echoed back safely. */
const validId = (id: unknown) => id === undefined || id === null || typeof id === "string" || typeof id === "number";

function screenOne(message: unknown): Item {
  if (message === null || typeof message !== "object" || Array.isArray(message)) {
    return { answer: invalidRequest("a request must be a JSON object") };
  }
  const { id } = message as { id?: unknown };
  if (!validId(id)) return { answer: invalidRequest("id must be a string, a number or null") };
  // the library answers the remaining shape errors (no jsonrpc/method) with -32600 itself
  return { request: message as JSONRPCRequest };
}

/**
 * Check what a frame holds before anything runs: a request whose id is not a string, number
 * or null (a 5,000-deep array, say) and a message that is not an object (`null`) get -32600
 * with id null; a batch longer than `maxBatch` gets one -32600 and runs nothing. Pure.
 */
export function screen(message: unknown, maxBatch: number): Screened {
  if (!Array.isArray(message)) return { single: screenOne(message) };
  if (message.length === 0) return { whole: invalidRequest("an empty batch") };
  if (message.length > maxBatch) {
    return { whole: invalidRequest(`a batch holds at most ${maxBatch} requests, this one ${message.length}`) };
  }
  return { batch: message.map(screenOne) };
}

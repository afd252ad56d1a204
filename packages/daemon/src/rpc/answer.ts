import { RpcError } from "@grace/protocol";
import type { JSONRPCID, JSONRPCRequest, JSONRPCResponse } from "json-rpc-2.0";
import type { Item } from "./screen.js";

export type Run = (request: JSONRPCRequest) => PromiseLike<JSONRPCResponse | null>;

const errorText = (id: JSONRPCID, code: number, message: string) => JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } });

const tooLarge = (maxBytes: number, what: string) =>
  `answer too large: ${what} would exceed ${maxBytes} bytes; ask for fewer processes, fewer bytes or a smaller batch`;

/**
 * One response as JSON text (no newline). Never throws: an answer that cannot be encoded
 * becomes an internal error, one over `maxBytes` the ANSWER_TOO_LARGE error saying so. The id
 * was screened (string, number or null), so the error itself always encodes.
 */
export function encodeAnswer(response: JSONRPCResponse, maxBytes: number): string {
  let text: string;
  try {
    text = JSON.stringify(response);
  } catch (e) {
    return errorText(response.id, RpcError.INTERNAL_ERROR, `internal error: the answer could not be encoded (${(e as Error).message})`);
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) return errorText(response.id, RpcError.ANSWER_TOO_LARGE, tooLarge(maxBytes, `its ${bytes} bytes`));
  return text;
}

/** Run one request; its answer as JSON text, or null for a notification. */
export async function runOne(item: Item, run: Run, maxBytes: number): Promise<string | null> {
  if (item.answer) return JSON.stringify(item.answer);
  const response = await runSafely(item.request, run);
  return response === null ? null : encodeAnswer(response, maxBytes);
}

async function runSafely(request: JSONRPCRequest, run: Run): Promise<JSONRPCResponse | null> {
  try {
    return await run(request);
  } catch (e) {
    const id = request.id ?? null;
    return { jsonrpc: "2.0", id, error: { code: RpcError.INTERNAL_ERROR, message: `internal error: ${(e as Error).message}` } };
  }
}

/**
 * A batch, run one request after another with a turn of the event loop between them (each
 * may still be answered later: a long `stop` does not hold up the next), each answer encoded
 * as it comes so the batch holds text, not N result objects. Once the answers together pass
 * `maxBytes`, the one that passed and every request not yet run get ANSWER_TOO_LARGE, and
 * those are not run. The batch's answer array as JSON text, or null when nothing answers.
 */
export async function runBatch(items: Item[], run: Run, maxBytes: number, turn: () => Promise<void>): Promise<string | null> {
  const parts: (string | null)[] = items.map(() => null);
  let total = 2; // the brackets
  let over = false;
  const refuse = (i: number, id: JSONRPCID) => {
    parts[i] = errorText(id, RpcError.ANSWER_TOO_LARGE, tooLarge(maxBytes, "the batch's answers"));
  };
  const place = (i: number, id: JSONRPCID, text: string) => {
    const size = Buffer.byteLength(text) + 1;
    if (!over && total + size > maxBytes) over = true;
    if (over) refuse(i, id);
    else {
      parts[i] = text;
      total += size;
    }
  };
  const running: Promise<void>[] = [];
  for (const [i, item] of items.entries()) {
    if (item.answer) {
      parts[i] = JSON.stringify(item.answer); // small: a screening error, id null
      continue;
    }
    const { id } = item.request;
    if (over) {
      if (id !== undefined) refuse(i, id);
      continue;
    }
    running.push(runOne(item, run, maxBytes).then((text) => (text === null ? undefined : place(i, id ?? null, text))));
    await turn();
  }
  await Promise.all(running);
  const answered = parts.filter((p) => p !== null);
  return answered.length === 0 ? null : `[${answered.join(",")}]`;
}

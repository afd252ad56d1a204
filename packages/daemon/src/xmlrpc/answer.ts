import { decodeMethodCall } from "./decode.js";
import { encodeFault, encodeResponse } from "./encode.js";
import { XmlRpcFaults as F, faultText, XmlRpcFault } from "./faults.js";
import { callMethod, type MethodContext, type MethodTable } from "./table.js";
import { XmlError, type XmlLimits } from "./xml-reader.js";

export type AnswerLimits = XmlLimits & {
  /** An encoded answer may be this long; a longer one becomes a FAILED fault. */
  maxAnswerBytes: number;
};

/**
 * What a POST /RPC2 gets: an XML body (a result or a fault: HTTP 200 either way), or — for a
 * body that is not an XML-RPC call at all — HTTP 400 with the reason, as supervisord answers
 * (it gives no reason; this one quotes the bad input briefly).
 */
export type RpcAnswer = { status: 200; xml: string; method: string } | { status: 400; reason: string };

/** Decode, run and encode one XML-RPC call. Only a bug (which the caller answers with 500) throws. */
export async function answerCall(body: Buffer, table: MethodTable, ctx: MethodContext, limits: AnswerLimits): Promise<RpcAnswer> {
  let call: ReturnType<typeof decodeMethodCall>;
  try {
    call = decodeMethodCall(body, limits);
  } catch (e) {
    if (e instanceof XmlError) return { status: 400, reason: `not an XML-RPC call: ${e.message}` };
    throw e;
  }
  let xml: string;
  try {
    xml = encodeResponse(await callMethod(table, call.method, call.params, ctx));
  } catch (e) {
    if (!(e instanceof XmlRpcFault)) throw e;
    xml = encodeFault(e.code, e.text);
  }
  const size = Buffer.byteLength(xml);
  if (size > limits.maxAnswerBytes) {
    const why = `answer too large: ${size} bytes would exceed ${limits.maxAnswerBytes}; ask for fewer bytes or fewer calls`;
    xml = encodeFault(F.FAILED, faultText(F.FAILED, why));
  }
  return { status: 200, xml, method: call.method };
}

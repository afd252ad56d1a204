import { MAX_ANSWER_BYTES, MAX_BATCH_LENGTH, MAX_FRAME_BYTES, MAX_TAIL_BYTES, PARTIAL_FRAME_MS } from "@grace/protocol";

/**
 * The limits of supervisord's HTTP/XML-RPC side (docs/protocol.md "Limits" says what a client
 * gets at each). Connections, buffered input and queued output share the control socket's
 * limits; these are the ones only HTTP has. Tests pass smaller ones.
 */
export type HttpLimits = {
  /** Request line and headers together, with the blank line that ends them. */
  maxHeadBytes: number;
  /** Header lines in one request. */
  maxHeaders: number;
  /** A request body (Content-Length); the same as a JSON-RPC frame. */
  maxBodyBytes: number;
  /** A request begun must be complete (head and body) within this. */
  requestMs: number;
  /** XML elements nested inside each other in one call. */
  maxXmlDepth: number;
  /** XML elements in one call. */
  maxXmlElements: number;
  /** Calls in one system.multicall: the same as a JSON-RPC batch. */
  maxMulticall: number;
  /** One encoded answer. */
  maxAnswerBytes: number;
  /** Bytes one log read returns at most. */
  maxLogBytes: number;
};

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  maxHeadBytes: 16 * 1024,
  maxHeaders: 64,
  maxBodyBytes: MAX_FRAME_BYTES,
  requestMs: PARTIAL_FRAME_MS,
  maxXmlDepth: 32,
  maxXmlElements: 10_000,
  maxMulticall: MAX_BATCH_LENGTH,
  maxAnswerBytes: MAX_ANSWER_BYTES,
  maxLogBytes: MAX_TAIL_BYTES,
};

/** `tail -f` over HTTP starts with the last this many bytes, as supervisord's does. */
export const LOGTAIL_INITIAL_BYTES = 1024;

import {
  HANDSHAKE_MS,
  MAX_ANSWER_BYTES,
  MAX_BATCH_LENGTH,
  MAX_BUFFERED_INPUT_BYTES,
  MAX_CONNECTIONS,
  MAX_HANDSHAKING,
  MAX_QUEUED_BYTES,
  MAX_QUEUED_TOTAL_BYTES,
  PARTIAL_FRAME_MS,
} from "@grace/protocol";

/** The control socket's limits (docs/protocol.md "Limits"); tests pass smaller ones. */
export type Limits = {
  maxConnections: number;
  maxHandshaking: number;
  maxBufferedInput: number;
  maxBatch: number;
  maxAnswerBytes: number;
  maxQueuedBytes: number;
  maxQueuedTotal: number;
  handshakeMs: number;
  partialFrameMs: number;
};

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxConnections: MAX_CONNECTIONS,
  maxHandshaking: MAX_HANDSHAKING,
  maxBufferedInput: MAX_BUFFERED_INPUT_BYTES,
  maxBatch: MAX_BATCH_LENGTH,
  maxAnswerBytes: MAX_ANSWER_BYTES,
  maxQueuedBytes: MAX_QUEUED_BYTES,
  maxQueuedTotal: MAX_QUEUED_TOTAL_BYTES,
  handshakeMs: HANDSHAKE_MS,
  partialFrameMs: PARTIAL_FRAME_MS,
};

/**
 * Test seam, not a setting: GRACE_TEST_RPC_TIMEOUT_MS (a positive integer) replaces both the
 * handshake and the partial-frame timeouts, so the end-to-end tests of those limits take
 * milliseconds instead of 10 s. Anything else in it is ignored. Documented in docs/protocol.md.
 */
export const TEST_TIMEOUT_ENV = "GRACE_TEST_RPC_TIMEOUT_MS";

export function limitsFromEnv(env: Record<string, string | undefined>): Partial<Limits> {
  const raw = env[TEST_TIMEOUT_ENV];
  if (raw === undefined || !/^[1-9]\d{0,8}$/.test(raw)) return {};
  return { handshakeMs: Number(raw), partialFrameMs: Number(raw) };
}

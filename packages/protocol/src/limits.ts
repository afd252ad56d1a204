/**
 * Every limit of the control socket, in one place (SPEC §5; docs/protocol.md "Limits" says
 * what a client gets when it hits each). A local client may be hostile, before or after auth:
 * whatever it sends, graced's memory and event loop stay bounded.
 */

/** A frame (one line) may hold this many bytes; it is also the most a connection buffers unread. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Bytes of unfinished frames buffered across every connection together. */
export const MAX_BUFFERED_INPUT_BYTES = 32 * 1024 * 1024;

/** Requests in one batch: N × `status` must not amplify a 1 MiB line into hundreds of MB. */
export const MAX_BATCH_LENGTH = 100;

/** One answer (a batch's answers together) may be this long once encoded. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** `tail`/`maintail` `bytes` above this are read as this (supervisorctl asks for 1,600). */
export const MAX_TAIL_BYTES = 1024 * 1024;

/** Connections open at once. */
export const MAX_CONNECTIONS = 128;

/** Of those, connections that have not yet sent a request (or, with auth, authenticated). */
export const MAX_HANDSHAKING = 32;

/** A client is cut off once this much output waits for it to read (answers and notifications). */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/** Output waiting for every client together; past it, the client with the most unread is cut off. */
export const MAX_QUEUED_TOTAL_BYTES = 64 * 1024 * 1024;

/** A new connection must send its first request (with auth: authenticate) within this. */
export const HANDSHAKE_MS = 10_000;

/** A frame begun must be finished (its newline sent) within this. */
export const PARTIAL_FRAME_MS = 10_000;

/** `wait`'s `timeout` in seconds at most: a timer holds 2^31−1 ms (about 24.8 days). */
export const MAX_WAIT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

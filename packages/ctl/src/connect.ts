import { connect, type Socket } from "node:net";
import { REASONS, UnreachableError } from "./errors.js";

/** A single request may take this long unless `--timeout` says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/** The longest answer gracectl reads (a status of thousands of programs is a few MB). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Why a request got no answer in time, in the words both clients use. */
export const noAnswerWithin = (ms: number): string => `no answer within ${ms / 1000}s (graced is not responding)`;

/**
 * Connect to graced's socket, giving up after `min(timeoutMs, 1 s)`; every failure is an
 * UnreachableError naming the socket and the reason in the words people search for.
 */
export function openSocket(path: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const timer = setTimeout(
      () => {
        socket.destroy();
        reject(new UnreachableError(path, "connect timed out"));
      },
      Math.min(timeoutMs, 1000),
    );
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new UnreachableError(path, REASONS[e.code ?? ""] ?? e.message));
    });
  });
}

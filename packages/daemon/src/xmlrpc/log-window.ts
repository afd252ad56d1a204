import type { LogBytes, LogRange } from "./backend.js";
import { XmlRpcFaults as F, XmlRpcFault } from "./faults.js";

/**
 * supervisord's two ways of reading a log (options.readFile, options.tailFile) as pure
 * arithmetic over what the daemon can read: the last N bytes, or N bytes from an offset.
 */

/**
 * readLog/readProcess*Log(offset, length): a negative offset reads that many bytes from the
 * end (length must then be 0); otherwise `length` bytes from `offset`, 0 meaning to the end.
 * Anything else is BAD_ARGUMENTS. No read exceeds `maxBytes` (supervisord has no such cap).
 */
export function readRange(offset: number, length: number, maxBytes: number): LogRange {
  if (offset < 0) {
    if (length !== 0) throw new XmlRpcFault(F.BAD_ARGUMENTS);
    return { fromEnd: Math.min(-offset, maxBytes) };
  }
  if (length < 0) throw new XmlRpcFault(F.BAD_ARGUMENTS);
  return { offset, length: length === 0 ? maxBytes : Math.min(length, maxBytes) };
}

/** What a tail*Log call must read: the end of the log, enough for `length` bytes. */
export const tailRange = (length: number, maxBytes: number): { fromEnd: number } => ({ fromEnd: Math.max(0, Math.min(length, maxBytes)) });

/**
 * tailProcess*Log(offset, length) → [bytes, offset, overflow], from the end of the log as read.
 * As in supervisord: overflow when the log holds more than offset + length bytes; the bytes
 * are then the last `length`; nothing when `offset` is at or past the end; the offset returned
 * is always the log's size. No log file reads as ['', 0, false].
 */
export function tailWindow(read: LogBytes | null, offset: number, length: number): [string, number, boolean] {
  if (read === null) return ["", 0, false];
  const size = read.size;
  let start = offset;
  let len = length;
  let overflow = false;
  if (size > start + len) {
    overflow = true;
    start = size - 1;
  }
  if (start + len > size) {
    if (start > size - 1) len = 0;
    start = size - len;
  }
  start = Math.max(0, start);
  len = Math.max(0, len);
  const end = Math.min(size, start + len);
  // read.data is the last read.data.length bytes before `size`
  const first = read.data.length - (size - start);
  const bytes = read.data.subarray(Math.max(0, first), Math.max(0, read.data.length - (size - end)));
  return [bytes.toString("utf8"), size, overflow];
}

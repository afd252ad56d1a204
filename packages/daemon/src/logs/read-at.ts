import { close, fstat, open, read } from "node:fs";
import { promisify } from "node:util";

// node:fs's callbacks, not fs/promises: that module (and the readline it loads) costs graced idle RSS
const openP = promisify(open);
const fstatP = promisify(fstat);
const readP = promisify(read);
const closeP = promisify(close);

/** Bytes of a log read at an offset, and the log's size when they were read. */
export type BytesAt = { data: Buffer; size: number };

/**
 * `length` bytes of the file at `path` from `offset` (fewer at its end; none past it), as
 * supervisord's readProcessStdoutLog reads them. The caller bounds `length` (XML-RPC's read
 * limit): nothing larger than that is ever allocated. A missing file rejects with ENOENT.
 */
export async function readFileAt(path: string, offset: number, length: number): Promise<BytesAt> {
  const fd = await openP(path, "r");
  try {
    const { size } = await fstatP(fd);
    const want = Math.max(0, Math.min(length, size - offset));
    const data = Buffer.alloc(want);
    const { bytesRead } = want > 0 ? await readP(fd, data, 0, want, offset) : { bytesRead: 0 };
    return { data: data.subarray(0, bytesRead), size };
  } finally {
    await closeP(fd);
  }
}

/** The same window over bytes already in memory (graced's own log when it goes to stdout). Pure. */
export function sliceAt(all: Buffer, offset: number, length: number): BytesAt {
  const end = Math.min(all.length, offset + length);
  return { data: all.subarray(Math.min(offset, all.length), end), size: all.length };
}

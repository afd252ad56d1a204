import { open } from "node:fs/promises";

/** Bytes of a log read at an offset, and the log's size when they were read. */
export type BytesAt = { data: Buffer; size: number };

/**
 * `length` bytes of the file at `path` from `offset` (fewer at its end; none past it), as
 * supervisord's readProcessStdoutLog reads them. The caller bounds `length` (XML-RPC's read
 * limit): nothing larger than that is ever allocated. A missing file rejects with ENOENT.
 */
export async function readFileAt(path: string, offset: number, length: number): Promise<BytesAt> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const want = Math.max(0, Math.min(length, size - offset));
    const data = Buffer.alloc(want);
    const { bytesRead } = want > 0 ? await file.read(data, 0, want, offset) : { bytesRead: 0 };
    return { data: data.subarray(0, bytesRead), size };
  } finally {
    await file.close();
  }
}

/** The same window over bytes already in memory (graced's own log when it goes to stdout). Pure. */
export function sliceAt(all: Buffer, offset: number, length: number): BytesAt {
  const end = Math.min(all.length, offset + length);
  return { data: all.subarray(Math.min(offset, all.length), end), size: all.length };
}

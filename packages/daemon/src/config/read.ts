import { readFileSync, statSync } from "node:fs";

/**
 * Read one config file as text, refusing what no config file is: a directory, something
 * huge, binary data, bytes that are not UTF-8. Returns the reason instead of throwing, so
 * the caller can put it at the line that named the file.
 */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export type ReadResult = { text: string } | { problem: string };

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
};

export function readConfigFile(file: string): ReadResult {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) {
      return { problem: `is ${(size / 1024 / 1024).toFixed(1)} MB; a config file may be at most ${MAX_CONFIG_BYTES / 1024 / 1024} MB` };
    }
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    return { problem: `cannot read: ${REASONS[code] ?? (code || (e as Error).message)}` };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { problem: `is not a text file (a NUL byte at offset ${nul})` };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text: text.startsWith("\uFEFF") ? text.slice(1) : text };
  } catch {
    return { problem: "is not UTF-8 text" };
  }
}

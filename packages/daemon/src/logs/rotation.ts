/**
 * Rotation decisions, pure: where a chunk must be cut so a file never grows past maxbytes,
 * and which renames shift `name.log` → `name.log.1` → … → `name.log.N` (supervisord's order).
 */

/**
 * How many bytes of `chunk` fit in the current file of `size` bytes. Prefers to cut after the
 * last newline that fits, so a line is not split between two files; a line longer than what is
 * left is cut at the byte boundary. Returns chunk.length when the whole chunk fits.
 */
export function bytesThatFit(size: number, maxbytes: number, chunk: Uint8Array): number {
  if (maxbytes <= 0 || size + chunk.length <= maxbytes) return chunk.length;
  const room = Math.max(0, maxbytes - size);
  const lastNewline = chunk.lastIndexOf(0x0a, room - 1);
  if (room > 0 && lastNewline >= 0) return lastNewline + 1;
  // Nothing that ends a line fits: an empty file takes what it can, a non-empty one rotates first.
  return size === 0 ? Math.max(1, room) : 0;
}

/**
 * The renames of one rotation, in the order to run them: the oldest backup first, so nothing
 * is overwritten before it has moved. `name.log.N` falls off the end (the rename over it
 * replaces it). With backups = 0 there is nothing to keep: the caller truncates instead.
 */
export function backupRenames(path: string, backups: number): [from: string, to: string][] {
  if (backups <= 0) return [];
  const renames: [string, string][] = [];
  for (let i = backups - 1; i >= 1; i--) renames.push([`${path}.${i}`, `${path}.${i + 1}`]);
  renames.push([path, `${path}.1`]);
  return renames;
}

/** Every backup file name a log may have, for `clear` and AUTO cleanup. */
export function backupNames(path: string, backups: number): string[] {
  return Array.from({ length: backups }, (_, i) => `${path}.${i + 1}`);
}

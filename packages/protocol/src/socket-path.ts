import { accessSync, constants } from "node:fs";

/**
 * Where graced listens when the config names no socket (SPEC §2.2), and how gracectl finds it.
 * Pure: the caller supplies the writability probe.
 */
export function defaultSocketPath(env: Record<string, string | undefined>, uid: number, isWritableDir: (dir: string) => boolean): string {
  if (isWritableDir("/run/grace") || isWritableDir("/run")) return "/run/grace/grace.sock";
  const xdg = env.XDG_RUNTIME_DIR;
  if (xdg && isWritableDir(xdg)) return `${xdg}/grace.sock`;
  return `/tmp/grace-${uid}/grace.sock`;
}

/** May this process create files in `dir`? */
function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The default path for this process, its uid and the directories it may write: graced listens
 * there, and gracectl looks there, so both sides ask this one function.
 */
export function defaultSocketPathHere(env: Record<string, string | undefined>): string {
  return defaultSocketPath(env, process.getuid?.() ?? 0, isWritableDir);
}

/** `unix:///path/to.sock` → `/path/to.sock`; a bare path is accepted as is. */
export function socketPathFromUrl(url: string): string | null {
  if (url.startsWith("unix://")) return url.slice("unix://".length) || null;
  if (url.startsWith("/")) return url;
  return null;
}

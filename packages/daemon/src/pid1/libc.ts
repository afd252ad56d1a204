/**
 * The one seam to libc (through koffi), for the two calls Node does not offer: waitpid on a
 * single pid, and prctl(PR_SET_CHILD_SUBREAPER). koffi ships prebuilt binaries; it is loaded
 * lazily and may fail (an unusual libc, a missing prebuilt), in which case graced carries on
 * without reaping orphans and says so once.
 */
export type Libc = {
  /**
   * waitpid(pid, &status, WNOHANG) for exactly one pid, never -1 (that would steal libuv's
   * exit statuses). Returns the pid when it was reaped, 0 when it is still running, -1 when it
   * is not our child (ECHILD) or on another error.
   */
  reap(pid: number): number;
  /** prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of our descendants come to us. */
  becomeSubreaper(): boolean;
};

const WNOHANG = 1;
const PR_SET_CHILD_SUBREAPER = 36;

type KoffiFn = (...args: unknown[]) => number;
type Koffi = { load(name: string): { func(signature: string): KoffiFn }; errno(): number };
export type OpenedLibc = { koffi: Koffi; lib: ReturnType<Koffi["load"]> };

let opened: Promise<OpenedLibc> | undefined;

/** koffi and libc, loaded once for every caller; rejects when koffi cannot load. */
export function openLibc(): Promise<OpenedLibc> {
  opened ??= (async () => {
    // a dynamic import keeps koffi out of the bundle and lets a missing binary be a warning
    const mod = (await import("koffi")) as unknown as { default?: Koffi } & Koffi;
    const koffi = mod.default ?? mod;
    return { koffi, lib: koffi.load("libc.so.6") };
  })();
  return opened;
}

export type LoadedLibc = { ok: true; libc: Libc } | { ok: false; error: string };

/** The first line of why koffi or libc could not load. */
export const loadError = (e: unknown): string => (e as Error).message?.split("\n")[0] ?? String(e);

export async function loadLibc(): Promise<LoadedLibc> {
  try {
    const { lib } = await openLibc();
    const waitpid = lib.func("int waitpid(int pid, _Out_ int *status, int options)");
    const prctl = lib.func("int prctl(int option, ...)");
    return {
      ok: true,
      libc: {
        reap(pid) {
          if (!Number.isInteger(pid) || pid <= 0) return -1; // never -1 or a process group
          return waitpid(pid, [0], WNOHANG);
        },
        becomeSubreaper() {
          return prctl(PR_SET_CHILD_SUBREAPER, "unsigned long", 1, "unsigned long", 0, "unsigned long", 0, "unsigned long", 0) === 0;
        },
      },
    };
  } catch (e) {
    return { ok: false, error: loadError(e) };
  }
}

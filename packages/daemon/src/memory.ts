import { performance } from "node:perf_hooks";
import { openLibc } from "./pid1/libc.js";

/**
 * Memory that comes back when clients leave (SPEC §5). What a client made graced hold (its
 * unfinished frame, its unread output) becomes garbage when it goes; two things keep that
 * memory from the system unless asked:
 *
 * - V8 frees a buffer only when a full collection finds it, and an idle graced may not run one
 *   for a long while: `release()` runs one (some 50 ms) when Node was started with --expose-gc,
 *   as bin/graced starts it (`node bin/graced` leaves it to V8).
 * - glibc's malloc raises its mmap threshold each time a big block is freed, so later big
 *   buffers come from the heap and stay there; small ones freed in its middle stay too. Fixed
 *   thresholds, and malloc_trim after the collection, hand them back. malloc_trim runs on a
 *   libuv worker thread (handing back 60 MiB took it half a second), never on the loop. glibc
 *   only, through koffi (pid1/libc.ts's openLibc); elsewhere, or when koffi cannot load, only the
 *   collection runs.
 *
 * The control socket calls `release()` once clients that held a MiB or more have gone and no
 * other has left for two seconds. Figures in test/stress/hostile.mjs. And `releaseAfterBusySpells`
 * calls it once after each spell of work (the start of 200 programs, a reload, a log flood),
 * when the loop has gone quiet: an idle graced with 200 programs hands back 0.8 MB that way.
 */
const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;

type Native = ((...args: unknown[]) => number) & { async(...args: unknown[]): void };

/** A full collection, run on purpose: V8 offers it only behind --expose-gc on Node's command line. */
const collector = (): (() => void) | undefined => (globalThis as { gc?: () => void }).gc;

async function mallocTrim(): Promise<(() => void) | undefined> {
  try {
    // the one koffi/libc seam, shared with the reaper (loaded once)
    const { lib } = await openLibc();
    const mallopt = lib.func("int mallopt(int param, int value)");
    const trim = lib.func("int malloc_trim(size_t pad)") as Native;
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024);
    return () => trim.async(0, () => {});
  } catch {
    return undefined;
  }
}

export type MemoryRelease = { release: () => void; trims: boolean };

export async function memoryRelease(): Promise<MemoryRelease> {
  const gc = collector();
  const trim = await mallocTrim();
  return {
    release: () => {
      gc?.();
      trim?.();
    },
    trims: trim !== undefined,
  };
}

/** The event loop busier than this over a check's interval: a spell of work is going on. */
const BUSY = 0.05;
const CHECK_MS = 5000;

/** One check of the loop's utilization since the last: the state it leaves, and whether to release now. */
export function afterCheck(busy: boolean, utilization: number): { busy: boolean; release: boolean } {
  if (utilization >= BUSY) return { busy: true, release: false };
  // quiet: once after a busy spell, then nothing until the next one
  return { busy: false, release: busy };
}

/** Runs `release` once after each busy spell (graced's start is one); returns what stops the checks. */
export function releaseAfterBusySpells(release: () => void): () => void {
  let busy = true;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const next = afterCheck(busy, performance.eventLoopUtilization(now, last).utilization);
    last = now;
    busy = next.busy;
    if (next.release) release();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

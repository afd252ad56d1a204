/**
 * Pure reading of the process table as /proc shows it (proc(5)). The I/O is in read-proc.ts;
 * everything here takes the text or the parsed table, so it is tested as tables.
 */
export type ProcEntry = {
  pid: number;
  /** The executable name, without the parentheses of /proc/PID/stat. */
  comm: string;
  /** One letter: R, S, D, Z (zombie), T, t, X, I … */
  state: string;
  ppid: number;
  pgrp: number;
  /** The session id (a program graced starts leads its own session); absent in hand-made tables. */
  session?: number;
  /** CPU time in user and kernel mode, in clock ticks (`getconf CLK_TCK`); absent in short lines. */
  utime?: number;
  stime?: number;
};

/**
 * Parse /proc/PID/stat. The comm field is in parentheses and may itself contain spaces and
 * parentheses, so the fields after it are found from the LAST ')'. Returns null for text
 * that is not a stat line (the process vanished half-way through the read, say).
 */
export function parseStat(text: string): ProcEntry | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open <= 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const [state, ppid, pgrp, session] = [rest[0], Number(rest[1]), Number(rest[2]), Number(rest[3])];
  if (!Number.isInteger(pid) || pid <= 0 || !state || !Number.isInteger(ppid) || !Number.isInteger(pgrp)) return null;
  const entry: ProcEntry = { pid, comm: text.slice(open + 1, close), state, ppid, pgrp };
  if (Number.isInteger(session)) entry.session = session;
  // fields 14 and 15 of proc(5); rest[0] is field 3
  const [utime, stime] = [Number(rest[11]), Number(rest[12])];
  if (Number.isInteger(utime) && Number.isInteger(stime)) {
    entry.utime = utime;
    entry.stime = stime;
  }
  return entry;
}

export const isZombie = (e: ProcEntry): boolean => e.state === "Z" || e.state === "X";

/**
 * Zombies that graced must reap itself: its own children (re-parented orphans) that are dead,
 * and that libuv does not own. libuv reaps the children it spawned; taking one of those would
 * steal its exit status from the process engine.
 */
export function orphanZombies(table: readonly ProcEntry[], self: number, owned: (pid: number) => boolean): number[] {
  return table.filter((e) => e.ppid === self && isZombie(e) && !owned(e.pid)).map((e) => e.pid);
}

/** Every live (not zombie) process below `root` in the parent tree, parents before children. */
export function liveDescendants(table: readonly ProcEntry[], root: number): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const e of table) {
    const list = children.get(e.ppid) ?? [];
    list.push(e);
    children.set(e.ppid, list);
  }
  const out: ProcEntry[] = [];
  const queue = [root];
  const seen = new Set<number>([root]);
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      queue.push(child.pid);
      if (!isZombie(child)) out.push(child);
    }
  }
  return out;
}

/**
 * Does the process group have a member that is still running? Zombies do not count: they have
 * finished, and only wait for a parent (graced's reaper, or the host's init) to collect them.
 */
export function groupHasLiveMember(table: readonly ProcEntry[], pgid: number): boolean {
  return table.some((e) => e.pgrp === pgid && !isZombie(e));
}

/** Shells that, as PID 1, swallow SIGTERM instead of passing it on (SPEC §4.6). */
const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]);

/**
 * The warning for `CMD graced …` (shell form): graced's parent is PID 1 and is a shell, which
 * ignores docker stop's SIGTERM. `argv` is graced's own command line, shown in exec form.
 */
export function shellParentWarning(ppid: number, pid1Comm: string, argv: readonly string[]): string | null {
  if (ppid !== 1 || !SHELLS.has(pid1Comm.trim())) return null;
  const exec = `CMD [${["graced", ...argv].map((a) => JSON.stringify(a)).join(", ")}]`;
  return (
    `graced runs under a shell (${pid1Comm.trim()}) that is PID 1: that shell ignores SIGTERM, so docker stop ` +
    `never reaches graced and your programs are SIGKILLed without a graceful stop. ` +
    `Use the Dockerfile exec form: ${exec}`
  );
}

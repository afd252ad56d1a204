import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isZombie } from "@grace/daemon/proc";
import { readProcTable } from "@grace/daemon/read-proc";
import { Captured } from "./captured.js";
import { thisHost, unshareArgs } from "./needs.js";
import { GRACED } from "./paths.js";
import { waitUntil } from "./wait.js";

export type Exit = { code: number | null; signal: string | null; killedByDocker: boolean };

/** The children of `pid` (of all its threads), as seen from outside; [] once it is gone. */
export function childrenOf(pid: number): number[] {
  // the process, or one of its threads, may be gone by the time it is read
  const tryRead = <T>(read: () => T, gone: T): T => {
    try {
      return read();
    } catch {
      return gone;
    }
  };
  const tasks = tryRead(() => readdirSync(`/proc/${pid}/task`), []);
  return tasks.flatMap((tid) =>
    tryRead(() => readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8"), "")
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
}

/** The single child of `pid` (unshare --fork's child is the namespace's PID 1). */
export function onlyChildOf(pid: number): number | undefined {
  const kids = childrenOf(pid);
  return kids.length === 1 ? kids[0] : undefined;
}

/** Lines of a file written by a fixture ([] while it does not exist). */
export function linesOf(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/**
 * graced as PID 1 of its own PID namespace (`unshare --pid --fork --mount-proc`), the way a
 * container runs it (without root: inside a new user namespace too, as rootless engines do);
 * `dockerStop` imitates `docker stop`: SIGTERM to PID 1 from outside, then SIGKILL when the
 * grace period is over.
 */
export class NamespacedGraced extends Captured {
  private dockerKilled = false;
  /** The namespace's PID 1 as seen from outside (graced, or the shell that wraps it). */
  pid1 = 0;

  constructor(
    readonly dir: string,
    readonly socket: string,
    readonly pidfile: string,
    readonly unshare: ChildProcess,
  ) {
    super(unshare);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  signal(sig: NodeJS.Signals): void {
    process.kill(this.pid1, sig);
  }

  /** SIGTERM now, SIGKILL after `graceMs` if PID 1 is still there; resolves at its exit. */
  async dockerStop(graceMs = 10_000): Promise<Exit> {
    this.signal("SIGTERM");
    return this.waitExit(graceMs);
  }

  /** Wait for the exit, SIGKILLing PID 1 (as docker does) if it takes longer than `graceMs`. */
  async waitExit(graceMs = 10_000): Promise<Exit> {
    const timer = setTimeout(() => {
      this.dockerKilled = true;
      process.kill(this.pid1, "SIGKILL");
    }, graceMs);
    const { code, signal } = await this.exited;
    clearTimeout(timer);
    return { code, signal, killedByDocker: this.dockerKilled };
  }

  /** Wait until `text` shows up in graced's output. */
  waitForLog(text: string | RegExp, timeoutMs = 10_000): Promise<true> {
    return waitUntil(
      `graced to log ${text}`,
      () => ((typeof text === "string" ? this.log.includes(text) : text.test(this.log)) ? true : undefined),
      timeoutMs,
    );
  }
}

export type NamespaceOptions = {
  /** Extra `[supervisord]` lines. */
  supervisord?: string;
  env?: Record<string, string>;
  /** Run graced through `sh -c "graced …; true"` (a shell that stays PID 1). */
  underShell?: boolean;
};

/** Write a config with `programs` and start graced as PID 1 of a new PID namespace. */
export async function startInNamespace(programs: string, opts: NamespaceOptions = {}): Promise<NamespacedGraced> {
  const dir = mkdtempSync(join(tmpdir(), "grace-pid1-"));
  const socket = join(dir, "grace.sock");
  const pidfile = join(dir, "graced.pid");
  const conf = join(dir, "grace.conf");
  writeFileSync(
    conf,
    `[unix_http_server]\nfile = ${socket}\n\n[supervisord]\npidfile = ${pidfile}\nchildlogdir = ${dir}\n${opts.supervisord ?? ""}\n\n${programs}\n`,
  );
  const graced = [GRACED, "-c", conf];
  const inner = opts.underShell ? ["/bin/sh", "-c", `${graced.join(" ")}; true`] : graced;
  const mode = thisHost.pidNamespace();
  if (mode === null) throw new Error('no PID namespace can be made here: the test must skip with skipUnless("pid-namespace")');
  const unshare = spawn("unshare", [...unshareArgs(mode), ...inner], {
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ns = new NamespacedGraced(dir, socket, pidfile, unshare);
  ns.pid1 = await waitUntil("the namespace's PID 1", () => {
    if (unshare.exitCode !== null) throw new Error(`unshare exited with ${unshare.exitCode} before its child showed: ${ns.log}`);
    return onlyChildOf(unshare.pid as number);
  });
  return ns;
}

/** Pids of the zombies whose parent is `ppid`, read from /proc as seen from outside. */
export function zombieChildren(ppid: number): number[] {
  return readProcTable()
    .filter((e) => e.ppid === ppid && isZombie(e))
    .map((e) => e.pid);
}

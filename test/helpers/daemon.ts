import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { Fault, type ProcessInfo, type StateName } from "@grace/protocol";
import { Captured } from "./captured.js";
import { GRACECTL, GRACED } from "./paths.js";
import { call } from "./rpc.js";
import { waitUntil } from "./wait.js";

/** Is there no process with this pid any more (not even a zombie)? */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

export type CtlResult = { code: number; stdout: string; stderr: string };

/** Run the built gracectl (through `prefix`, e.g. setpriv, when given). */
export function runCtl(args: string[], env: Record<string, string> = {}, prefix: string[] = []): Promise<CtlResult> {
  const [file, ...rest] = [...prefix, GRACECTL, ...args] as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(file, rest, { env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A graced started by a test, in its own temp dir, with its own socket. */
export class TestDaemon extends Captured {
  constructor(
    readonly dir: string,
    readonly socket: string,
    readonly configPath: string,
    readonly child: ChildProcess,
  ) {
    super(child);
  }

  ctl(...args: string[]): Promise<CtlResult> {
    return runCtl(["-s", `unix://${this.socket}`, ...args]);
  }

  async status(): Promise<ProcessInfo[]> {
    return (await call(this.socket, "status", {})).processes;
  }

  async info(name: string): Promise<ProcessInfo> {
    const [info] = (await call(this.socket, "status", { names: [name] })).processes;
    if (!info) throw new Error(`no process ${name}`);
    return info;
  }

  /** Wait until the process is in `state` (polling the socket), with a deadline. */
  waitForState(name: string, state: StateName, timeoutMs = 5000): Promise<ProcessInfo> {
    return waitUntil(
      `${name} to be ${state}`,
      async () => {
        const info = await this.info(name);
        return info.statename === state ? info : undefined;
      },
      timeoutMs,
    );
  }

  async waitForSocket(timeoutMs = 15_000): Promise<void> {
    await waitUntil(
      "graced's socket",
      async () => {
        try {
          await call(this.socket, "version", {});
          return true;
        } catch (e) {
          // with auth configured, "unauthorized" also proves graced is listening
          return (e as { code?: number }).code === Fault.UNAUTHORIZED ? true : undefined;
        }
      },
      timeoutMs,
    );
  }

  /** SIGTERM and wait for exit; SIGKILL if it takes longer than `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: string | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}

/** Write a config (the `[unix_http_server]` section is added) and start graced on it. */
export async function startDaemon(
  programs: string,
  opts: {
    env?: Record<string, string>;
    waitForSocket?: boolean;
    server?: string;
    args?: string[];
    /** Prepare the daemon's dir (e.g. a subdirectory its config names) before graced starts. */
    beforeStart?: (dir: string) => void;
    /** Where the socket goes, relative to the daemon's dir; graced makes the directory. */
    socketDir?: string;
    /** Run graced through these words first (a shell that joins a cgroup, then execs graced). */
    prefix?: string[];
    /** Further lines of the `[supervisord]` section (`shutdown_drain = 2`). */
    supervisord?: string;
  } = {},
): Promise<TestDaemon> {
  const dir = mkdtempSync(join(tmpdir(), "grace-test-"));
  opts.beforeStart?.(dir);
  const socket = join(dir, opts.socketDir ?? "", "grace.sock");
  const configPath = join(dir, "grace.conf");
  // Each daemon gets its own childlogdir: a graced starting with the shared default (/tmp)
  // removes the AUTO logs of every other graced there with the same identifier.
  writeFileSync(
    configPath,
    `[unix_http_server]\nfile = ${socket}\n${opts.server ?? ""}\n[supervisord]\nloglevel = debug\nchildlogdir = ${dir}\n${opts.supervisord ?? ""}\n\n${programs}\n`,
  );
  const [file, ...args] = [...(opts.prefix ?? []), GRACED, "-c", configPath, ...(opts.args ?? [])] as [string, ...string[]];
  const child = spawn(file, args, {
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const daemon = new TestDaemon(dir, socket, configPath, child);
  leftOver.add(daemon);
  child.once("exit", () => leftOver.delete(daemon));
  if (opts.waitForSocket !== false) {
    try {
      await daemon.waitForSocket();
    } catch (e) {
      await daemon.stop(); // the caller never gets it, so nobody else would
      throw e;
    }
  }
  return daemon;
}

/**
 * Daemons still running once every test of the file is done: a test that failed before its
 * `finally` left them. Their pipes to this process would keep it, and so the whole test run,
 * from ever finishing; stopped here, each also stops its own programs.
 */
const leftOver = new Set<TestDaemon>();
after(() => Promise.all([...leftOver].map((d) => d.stop())));

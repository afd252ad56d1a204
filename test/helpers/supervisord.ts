import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { Captured } from "./captured.js";
import { skipUnless } from "./needs.js";
import { fixture, GRACED } from "./paths.js";
import { waitUntil } from "./wait.js";

/** Debian's supervisor package (4.2.5): the reference the XML-RPC side is compared with. */
export const SUPERVISORD = "/usr/bin/supervisord";
export const SUPERVISORCTL = "/usr/bin/supervisorctl";

/** Why a test that compares with supervisord must skip here, or false when it can run. */
export function supervisorSkip(): string | false {
  if (!existsSync(SUPERVISORD) || !existsSync(SUPERVISORCTL))
    return "needs supervisord and supervisorctl (Debian's supervisor package; test/servers/install.sh installs it)";
  return skipUnless("tool:python3");
}

const EVERY_METHOD = fixture("xmlrpc-every-method.py");

/** Run test/fixtures/xmlrpc-every-method.py with these arguments; its stdout. */
export function everyMethod(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("python3", [EVERY_METHOD, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${EVERY_METHOD} ${args.join(" ")}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A TCP port on loopback that nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One of the two daemons of a comparison, each in its own directory with the same config text. */
export class Twin extends Captured {
  constructor(
    readonly kind: "supervisord" | "graced",
    readonly dir: string,
    readonly conf: string,
    readonly child: ChildProcess,
  ) {
    super(child);
  }

  get sock(): string {
    return join(this.dir, "s.sock");
  }

  /** Run the real supervisorctl with `-c` this twin's config (it finds the socket through it). */
  ctl(...args: string[]): Promise<{ out: string; code: number }> {
    return new Promise((resolve) => {
      execFile(SUPERVISORCTL, ["-c", this.conf, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ out: stdout + stderr, code });
      });
    });
  }

  /** SIGTERM by pid, SIGKILL if it is not gone within `ms`. */
  async stop(ms = 15_000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid) process.kill(this.child.pid, "SIGTERM");
    const timer = setTimeout(() => this.child.pid && this.child.exitCode === null && process.kill(this.child.pid, "SIGKILL"), ms);
    await this.exited;
    clearTimeout(timer);
  }
}

const running = new Set<Twin>();
after(() => Promise.all([...running].map((t) => t.stop())));

/**
 * supervisord and graced on the same config (its `%(here)s` is each one's own directory), both
 * answering supervisorctl before this resolves. `env` is each one's extra environment.
 */
export async function startTwins(config: string, env: Partial<Record<Twin["kind"], Record<string, string>>> = {}): Promise<Twin[]> {
  const twins = (["supervisord", "graced"] as const).map((kind) => {
    const dir = mkdtempSync(join(tmpdir(), `grace-twin-${kind}-`));
    const conf = join(dir, "supervisord.conf");
    writeFileSync(conf, config);
    const [file, args] = kind === "graced" ? [process.execPath, [GRACED, "-c", conf]] : [SUPERVISORD, ["-n", "-c", conf]];
    const child = spawn(file, args, { env: { ...process.env, ...env[kind] }, stdio: ["ignore", "pipe", "pipe"] });
    const twin = new Twin(kind, dir, conf, child);
    running.add(twin);
    child.once("exit", () => running.delete(twin));
    return twin;
  });
  for (const t of twins) {
    await waitUntil(`${t.kind} to answer supervisorctl`, async () => ((await t.ctl("pid")).code === 0 ? true : undefined), 15_000, 100);
  }
  return twins;
}

/**
 * What differs between the two daemons' answers by nature, not by behaviour: pids, uptimes,
 * dates (each started its processes at its own moment). Pure.
 */
export function normalise(text: string): string {
  return text.replace(/pid \d+, uptime \d+:\d\d:\d\d/g, "pid PID, uptime UPTIME").replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, "DATE");
}

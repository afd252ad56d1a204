import { execFile, spawn } from "node:child_process";
import { TestDaemon } from "./daemon.js";
import { GRACED } from "./paths.js";

export type Run = { code: number | null; stdout: string; stderr: string };

/** Hold on to the stack-trace shape: a user mistake must never print one. */
export const NO_STACK = /\n\s+at .+:\d+:\d+/;

/**
 * Run the built graced until it exits (through `prefix`, e.g. setpriv, when given). One that
 * should have refused but started is stopped with SIGTERM after `timeoutMs` (code null).
 */
export function runGraced(
  args: string[],
  opts: { env?: Record<string, string>; prefix?: string[]; timeoutMs?: number } = {},
): Promise<Run> {
  const [file, ...rest] = [...(opts.prefix ?? []), GRACED, ...args] as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(file, rest, { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 10_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

export const isRoot = process.getuid?.() === 0;
/** Run a command as nobody (root only). */
export const AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"];
export const NOBODY_UID = 65534;

/** Start graced on a config already written (`socket` is the one the config names). */
export async function startOn(dir: string, socket: string, configPath: string): Promise<TestDaemon> {
  const d = new TestDaemon(dir, socket, configPath, spawn(GRACED, ["-c", configPath], { stdio: ["ignore", "pipe", "pipe"] }));
  try {
    await d.waitForSocket(10_000);
  } catch (e) {
    await d.stop(); // never leave a graced behind, even one that did not come up
    throw e;
  }
  return d;
}

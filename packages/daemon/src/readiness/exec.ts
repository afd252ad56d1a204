import { spawn } from "node:child_process";
import { splitCommand } from "../config/split-command.js";
import { fail, type ProbeOptions, type ProbeResult, settleOnce } from "./deadline.js";

/**
 * `exec:COMMAND`: ready when the command exits 0. It runs without a shell (`exec:sh -c '…'`
 * for one) in its own process group, so at the timeout the whole group is SIGKILLed and the
 * probe settles only once it is reaped: a slow check never leaves a process behind.
 */
export type ExecOptions = ProbeOptions & {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /**
   * Told each check's pid as it is spawned; the function it returns is called once Node has
   * reaped it. graced's orphan reaper must leave these pids alone (pid1/owned.ts): a status it
   * took would never reach Node, and the probe would wait for its exit for ever.
   */
  track?: (pid: number) => () => void;
};

/** Output kept for the reason ("exited with status 2: no response"). */
export const KEPT_OUTPUT = 200;

export function probeExec(command: string, opts: ExecOptions): Promise<ProbeResult> {
  return settleOnce(opts, (d, finish) => {
    const [file, ...args] = splitCommand(command);
    if (file === undefined) return finish(fail("empty command"));
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      uid: opts.uid,
      gid: opts.gid,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const untrack = child.pid === undefined ? undefined : opts.track?.(child.pid);
    child.once("exit", () => untrack?.());
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-KEPT_OUTPUT);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let why: string | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const conclude = () => {
      if (why !== null) return finish(fail(why));
      if (exit === null) return;
      if (exit.code === 0) return finish({ ok: true });
      const tail = output.trim().split("\n").at(-1) ?? "";
      const status = exit.signal ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
      finish(fail(`${file} ${status}${tail ? `: ${tail}` : ""}`));
    };
    // Normally the result waits for the output to end ("close"), for the reason's last line. A
    // process it left behind may hold the pipes open: then the deadline concludes from the exit.
    const dropPipes = () => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    d.signal.addEventListener(
      "abort",
      () => {
        if (exit === null) {
          why = d.reason();
          killGroup(child.pid);
          return; // settles on "exit", once the group leader is reaped
        }
        dropPipes();
        conclude();
      },
      { once: true },
    );
    child.once("error", (e: NodeJS.ErrnoException) => finish(fail(e.code === "ENOENT" ? `can't find command '${file}'` : e.message)));
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      if (why === null) return;
      dropPipes();
      conclude();
    });
    child.once("close", conclude);
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

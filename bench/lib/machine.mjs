// What the results were measured on, and with which versions: the lines above the table.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";

const quiet = (file, args, cwd) => {
  try {
    return execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
};

function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "unknown OS";
  } catch {
    return "unknown OS";
  }
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? "unknown CPU",
    cores: cpu.length,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    os: osName(),
    kernel: release(),
  };
}

export const load1 = () => loadavg()[0];

/** grace's version with the commit it was built from ("+ changes" when the tree differs from it). */
export function versions(root) {
  const grace = quiet(process.execPath, [join(root, "bin/graced"), "--version"]) ?? "?";
  const commit = quiet("git", ["rev-parse", "--short", "HEAD"], root);
  const dirty = quiet("git", ["status", "--porcelain", "--untracked-files=no"], root);
  const at = commit ? ` (commit ${commit}${dirty ? " + uncommitted changes" : ""})` : "";
  return {
    node: process.version,
    grace: `${grace}${at}`,
    supervisord: quiet("supervisord", ["--version"]) ?? "not installed",
  };
}

/** The machine's CPU time so far, busy and total, in ticks (/proc/stat's first line: every core). */
function cpuTicks() {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * Wait until the machine has been quiet for one window (at most `maxBusy` of every core busy),
 * at most `maxWaitMs`: what the run before left behind (a dockerd removing its layers, a server's
 * last checkpoint) must not land in the next run's figures. Returns the ms waited and how busy
 * the last window was.
 */
export async function waitForQuiet({ windowMs = 500, maxBusy = 0.2, maxWaitMs = 60_000 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const a = cpuTicks();
    await new Promise((r) => setTimeout(r, windowMs));
    const b = cpuTicks();
    const busy = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    if (busy <= maxBusy || Date.now() - t0 >= maxWaitMs) return { waitedMs: Date.now() - t0, busy };
  }
}

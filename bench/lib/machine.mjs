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

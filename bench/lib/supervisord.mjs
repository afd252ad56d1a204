// supervisord for the comparison: Debian's `supervisor` package (4.2.5 on bookworm), installed
// with apt-get when it is missing.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { BenchError } from "./plan.mjs";

// invoke-rc.d asks this script whether a package may start its service; 101 means no
const POLICY = "/usr/sbin/policy-rc.d";

const onPath = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

export const supervisordInstalled = () => onPath("supervisord") && onPath("supervisorctl");

/**
 * Installs Debian's supervisor unless supervisord is on PATH; throws with what to do when it cannot.
 * The package would start a system-wide supervisord where services may start: a policy-rc.d that
 * says no is put in place for the install when there is none (and removed after).
 */
export function ensureSupervisord(log) {
  if (supervisordInstalled()) return;
  if (!onPath("apt-get")) {
    throw new BenchError(
      "supervisord is not on PATH and there is no apt-get to install Debian's supervisor: install supervisor 4.2.5 by hand",
    );
  }
  if (process.getuid?.() !== 0) {
    throw new BenchError("supervisord is not on PATH; installing it needs root: sudo apt-get update && sudo apt-get install -y supervisor");
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const madePolicy = !existsSync(POLICY);
  if (madePolicy) writeFileSync(POLICY, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    for (const args of [["update"], ["install", "-y", "--no-install-recommends", "supervisor"]]) {
      log(`supervisord is missing: apt-get ${args.join(" ")}`);
      // another apt-get on the machine holds the lock for a while: wait for it rather than fail
      const r = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", ...args], { env, stdio: ["ignore", 2, 2] });
      if (r.status !== 0) throw new BenchError(`apt-get ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    }
  } finally {
    if (madePolicy) rmSync(POLICY, { force: true });
  }
  if (!supervisordInstalled()) throw new BenchError("apt-get installed supervisor, yet supervisord is still not on PATH");
}

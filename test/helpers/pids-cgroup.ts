import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A pids cgroup made for one test: at most `max` tasks (threads count) for what joins it. */
export type PidsCgroup = {
  /** The words that put a command into the cgroup: `[...prefix, program, ...args]`. */
  prefix: string[];
  remove(): Promise<void>;
};

/** Where pids cgroups can be made here (cgroup v1's pids hierarchy, or v2 with pids enabled). */
function pidsRoot(): string | null {
  if (existsSync("/sys/fs/cgroup/pids/cgroup.procs")) return "/sys/fs/cgroup/pids";
  try {
    if (readFileSync("/sys/fs/cgroup/cgroup.subtree_control", "utf8").split(/\s+/).includes("pids")) return "/sys/fs/cgroup";
  } catch {
    // no cgroup v2 at /sys/fs/cgroup
  }
  return null;
}

let made = 0;

/** Why a pids cgroup cannot be made here, or false: for `{ skip: … }`. */
export function skipUnlessPidsCgroup(): string | false {
  if (process.getuid?.() !== 0) return "needs root (a pids cgroup)";
  return pidsRoot() === null ? "needs a pids cgroup controller (cgroup v1 pids, or v2 with +pids)" : false;
}

export function makePidsCgroup(max: number): PidsCgroup {
  const root = pidsRoot();
  if (root === null) throw new Error("no pids cgroup controller");
  const dir = join(root, `grace-test-${process.pid}-${made++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "pids.max"), String(max));
  return {
    // the shell moves itself into the cgroup, then becomes the program
    prefix: ["/bin/sh", "-c", `echo $$ > ${join(dir, "cgroup.procs")} && exec "$0" "$@"`],
    async remove() {
      // the last tasks may still be on their way out
      for (let i = 0; i < 100; i++) {
        try {
          rmdirSync(dir);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
  };
}

import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * What a test needs from the machine beyond Node, and the reason it skips with when that is
 * missing: a contributor without root sees green plus "SKIP needs root", never a timeout.
 * CI runs as root with every tool installed, so nothing skips there.
 */
export type Need =
  /** uid 0: switching users (setpriv --reuid, `user=`), or servers that drop privileges. */
  | "root"
  /** `unshare --pid --fork --mount-proc`: as root, or inside an unprivileged user namespace. */
  | "pid-namespace"
  /** a program on PATH */
  | `tool:${string}`;

/** How a PID namespace can be made here: as root, in a new user namespace, or not at all. */
export type PidNamespace = "root" | "user-namespace" | null;

export type Host = {
  root: boolean;
  pidNamespace: () => PidNamespace;
  hasTool: (name: string) => boolean;
};

/** The reason a test with these needs must skip on `host`, or undefined when it can run. Pure. */
export function skipReason(needs: readonly Need[], host: Host): string | undefined {
  for (const need of needs) {
    if (need === "root") {
      if (!host.root) return "needs root";
    } else if (need === "pid-namespace") {
      if (!host.hasTool("unshare")) return "needs unshare (util-linux)";
      if (host.pidNamespace() === null) return "needs root or unprivileged user namespaces (unshare --pid)";
    } else {
      const tool = need.slice("tool:".length);
      if (!host.hasTool(tool)) return `needs ${tool} on PATH`;
    }
  }
  return undefined;
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || ".", name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The arguments that put a command into a new PID namespace on this host (before `--fork`). */
export function unshareArgs(mode: Exclude<PidNamespace, null>): string[] {
  const pid = ["--pid", "--fork", "--mount-proc"];
  return mode === "root" ? pid : ["--user", "--map-root-user", ...pid];
}

let pidNamespaceMode: PidNamespace | undefined;
/** Try it once: root may still lack CAP_SYS_ADMIN (a container), user namespaces may be off. */
function probePidNamespace(): PidNamespace {
  if (pidNamespaceMode === undefined) {
    const works = (mode: Exclude<PidNamespace, null>) =>
      spawnSync("unshare", [...unshareArgs(mode), "true"], { stdio: "ignore", timeout: 10_000 }).status === 0;
    const root = process.getuid?.() === 0;
    pidNamespaceMode = root && works("root") ? "root" : works("user-namespace") ? "user-namespace" : null;
  }
  return pidNamespaceMode;
}

export const thisHost: Host = { root: process.getuid?.() === 0, pidNamespace: probePidNamespace, hasTool: onPath };

/** For `describe`/`it` options: `{ skip: skipUnless("root") }` — false when the test can run. */
export function skipUnless(...needs: Need[]): string | false {
  return skipReason(needs, thisHost) ?? false;
}

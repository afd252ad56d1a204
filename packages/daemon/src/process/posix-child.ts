import type { ProgramConfig } from "../config/model.js";
import { ExitWatcher, REAL_WATCH } from "./exit-watcher.js";
import type { LibcFunctions } from "./pipe.js";
import { PosixSpawn, type SpawnRequest } from "./posix-spawn.js";
import type { ChildHandle } from "./spawner.js";
import type { ChildStdio } from "./stdio.js";

/** What the spawner settled before the spawn: the resolved file, its argv, where it runs. */
export type Launch = { file: string; argv: string[]; cwd: string; env: Record<string, string> };

/**
 * The fast path of the Spawner: children started by glibc's posix_spawn (posix-spawn.ts), their
 * exits waited for by pid (exit-watcher.ts). Until `bind` ran, or where it failed (koffi did
 * not load, not glibc), `serves` is false and the spawner keeps Node's child_process.spawn; so
 * it does for what posix_spawn cannot do: `user=` (setuid, setgid, groups), `umask=` (the umask
 * is graced's, and libuv's thread pool creates files meanwhile), and a stdio end that only
 * Node can make (an event listener's stdin socket, every end when pipe2 is not bound).
 */
export class PosixChildren {
  private readonly posix = new PosixSpawn();
  private readonly exits = new ExitWatcher({ wait: (pid) => this.posix.wait(pid), ...REAL_WATCH });

  bind(libc: LibcFunctions): boolean {
    return this.posix.bind(libc);
  }

  /** Can posix_spawn give this program exactly what Node's spawn would? */
  serves(cfg: ProgramConfig, switchesUser: boolean, io: ChildStdio): boolean {
    // an fd below 3 would be overwritten by an earlier dup2 onto 0-2 (graced started with one closed)
    const plain = io.stdio.every((fd) => fd === "ignore" || (typeof fd === "number" && fd > 2));
    return this.posix.ready && !switchesUser && cfg.umask === null && plain;
  }

  /** Spawn it; the errno's name (ENOENT, EAGAIN…) when the system refused. */
  launch(launch: Launch, io: ChildStdio): ChildHandle | { code: string } {
    const stdio = io.stdio.map((fd) => (typeof fd === "number" ? fd : "null")) as SpawnRequest["stdio"];
    const result = this.posix.spawn({ ...launch, stdio });
    if ("code" in result) return result;
    const onExit = this.exits.watch(result.pid);
    return { pid: result.pid, stdin: null, stdinFd: io.stdinFd, stdout: io.stdout, stderr: io.stderr, onExit };
  }
}

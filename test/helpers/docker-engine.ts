import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "./paths.js";
import { waitUntil } from "./wait.js";

const BASE_SCRIPT = resolve(ROOT, "test/docker/base-image.sh");
/** The CLI that came with dockerd (docker.io): another one on PATH may speak a newer API. */
const CLI = existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
/** What the test images are built on, tagged as the Dockerfile in docs/container.md expects. */
export const BASE_IMAGE = "node:20-slim";

export type Result = { code: number; stdout: string; stderr: string };

function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, name)));
}

/**
 * Why the Docker tests cannot run here, or undefined when they can: they start a dockerd of
 * their own (root, docker.io) on a base image built by debootstrap unless it is cached.
 */
export function dockerSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (the tests start a private dockerd)";
  if (!onPath("dockerd")) return "needs dockerd (apt-get install docker.io)";
  const tarball = execFileSync("sh", [BASE_SCRIPT, "--path"], { encoding: "utf8" }).trim();
  if (!existsSync(tarball) && !onPath("debootstrap"))
    return `needs debootstrap (apt-get install debootstrap) to build the base image, or ${tarball}`;
  return undefined;
}

/**
 * A dockerd of the tests' own: its socket, data root and exec root in a fresh directory, no
 * bridge and no iptables (containers run with --network none). Never a system dockerd.
 */
export class Engine {
  private constructor(
    readonly dir: string,
    readonly dockerd: ChildProcess,
  ) {}

  get host(): string {
    return `unix://${join(this.dir, "docker.sock")}`;
  }

  /** Start dockerd and import the base image as node:20-slim. */
  static async start(): Promise<Engine> {
    const tarball = await run("sh", [BASE_SCRIPT]); // builds it the first time
    if (tarball.code !== 0) throw new Error(`test/docker/base-image.sh failed:\n${tarball.stderr}`);
    const engine = await Engine.launch(process.env.GRACE_DOCKER_STORAGE ?? "overlay2");
    const changes = [
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      // npm inside `docker build --network host` trusts what the host trusts
      "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/grace-host-ca.crt",
      'ENTRYPOINT ["docker-entrypoint.sh"]',
      'CMD ["node"]',
    ].flatMap((c) => ["--change", c]);
    try {
      await engine.must("import", ...changes, tarball.stdout.trim(), BASE_IMAGE);
    } catch (e) {
      await engine.stop();
      throw e;
    }
    return engine;
  }

  private static async launch(storage: string): Promise<Engine> {
    // short: containerd's sockets live under the exec root, and a socket path has 108 bytes
    const dir = mkdtempSync("/tmp/grace-dockerd-");
    const log = openSync(join(dir, "dockerd.log"), "a");
    const dockerd = spawn(
      "dockerd",
      [
        "--iptables=false",
        "--ip6tables=false",
        "--bridge=none",
        `--storage-driver=${storage}`,
        `--data-root=${join(dir, "data")}`,
        `--exec-root=${join(dir, "exec")}`,
        `--pidfile=${join(dir, "dockerd.pid")}`,
        `--host=unix://${join(dir, "docker.sock")}`,
      ],
      { stdio: ["ignore", log, log] },
    );
    closeSync(log);
    const engine = new Engine(dir, dockerd);
    try {
      await waitUntil(
        "dockerd to answer",
        async () => {
          if (dockerd.exitCode !== null) throw new Error(`dockerd exited ${dockerd.exitCode}:\n${engine.log()}`);
          return (await engine.docker("version")).code === 0 ? true : undefined;
        },
        60_000,
        200,
      );
    } catch (e) {
      await engine.stop();
      // overlay2 needs a file system under /tmp that overlayfs accepts; vfs works anywhere, slowly
      if (storage === "overlay2") return Engine.launch("vfs");
      throw e;
    }
    return engine;
  }

  /** A new directory inside the engine's own, removed with it. */
  scratch(prefix: string): string {
    return mkdtempSync(join(this.dir, prefix));
  }

  log(): string {
    return readFileSync(join(this.dir, "dockerd.log"), "utf8");
  }

  /** The docker CLI against this engine. */
  docker(...args: string[]): Promise<Result> {
    return run(CLI, args, this.cliEnv());
  }

  /** The docker CLI as a child whose output the caller reads as it comes. */
  spawnDocker(...args: string[]): ChildProcess {
    return spawn(CLI, args, { env: { ...process.env, ...this.cliEnv() }, stdio: ["ignore", "pipe", "pipe"] });
  }

  private cliEnv(): Record<string, string> {
    return { DOCKER_HOST: this.host, DOCKER_CONFIG: join(this.dir, "cli") };
  }

  /** As `docker`, but a non-zero exit is an error that shows docker's stderr. */
  async must(...args: string[]): Promise<string> {
    const r = await this.docker(...args);
    if (r.code !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** Remove every container, stop dockerd (by its pid) and delete its directory. */
  async stop(): Promise<void> {
    if (this.dockerd.exitCode === null) {
      const ids = (await this.docker("ps", "-aq")).stdout.split("\n").filter(Boolean);
      if (ids.length > 0) await this.docker("rm", "-f", ...ids);
      const exited = new Promise((r) => this.dockerd.once("exit", r));
      this.dockerd.kill("SIGTERM");
      const timer = setTimeout(() => this.dockerd.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    // dockerd leaves the host's network namespace bound at exec/netns/default after a
    // `build --network host`: unmount whatever is still mounted below our directory
    for (const point of mountsBelow(this.dir)) await run("umount", [point]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Mount points below `dir`, deepest first. */
function mountsBelow(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

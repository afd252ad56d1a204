import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { Captured } from "./captured.js";
import { BASE_IMAGE, dockerSkipReason, Engine, type Result } from "./docker-engine.js";
import { ROOT } from "./paths.js";
import { waitUntil } from "./wait.js";

/** This checkout, bind-mounted read-only into the test containers: the host's build of grace. */
export const GRACE_IN = "/opt/grace";
export const fixtureIn = (name: string) => `${GRACE_IN}/test/fixtures/${name}`;
/** Where a container finds its config (a host directory of the test's own, mounted read-write). */
export const CONF_IN = "/etc/grace/grace.conf";
/** The image the tests run: the base with graced and gracectl on PATH, as an image that COPYs grace has them. */
export const TEST_IMAGE = "grace-test";

/** Build `tag` from a Dockerfile's text, in an empty context. */
export async function buildImage(engine: Engine, tag: string, dockerfile: string): Promise<void> {
  const context = engine.scratch("context-");
  writeFileSync(join(context, "Dockerfile"), dockerfile);
  await engine.must("build", "-q", "-t", tag, context);
}

export function buildTestImage(engine: Engine): Promise<void> {
  return buildImage(
    engine,
    TEST_IMAGE,
    `FROM ${BASE_IMAGE}\nRUN ln -s ${GRACE_IN}/bin/graced /usr/local/bin/graced && ln -s ${GRACE_IN}/bin/gracectl /usr/local/bin/gracectl\n`,
  );
}

/** docker inspect's `.State`, the fields the tests read. */
export type State = { Status: string; Running: boolean; ExitCode: number; OOMKilled: boolean; Pid: number };

export type RunOptions = {
  /** The config's text, written to CONF_IN; absent: the image's own. */
  conf?: string;
  image?: string;
  /** Mount this checkout at GRACE_IN (default); false: the image brings its own grace. */
  checkout?: boolean;
  env?: Record<string, string>;
  /** More `docker run` flags (`--init`, `--stop-timeout 30`). */
  flags?: string[];
  /** The command; default `graced -c CONF_IN`, and [] for the image's own CMD. */
  cmd?: string[];
};

/** One container started with `docker run -d --network none`. */
export class Container {
  private constructor(
    readonly engine: Engine,
    readonly id: string,
    /** The host directory mounted at /etc/grace. */
    readonly confDir: string,
  ) {}

  static async run(engine: Engine, opts: RunOptions): Promise<Container> {
    const confDir = engine.scratch("conf-");
    const mounts = opts.checkout === false ? [] : ["-v", `${ROOT}:${GRACE_IN}:ro`];
    if (opts.conf !== undefined) {
      writeFileSync(join(confDir, "grace.conf"), opts.conf);
      mounts.push("-v", `${confDir}:/etc/grace`);
    }
    const env = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const args = ["run", "-d", "--network", "none", ...mounts, ...env, ...(opts.flags ?? []), opts.image ?? TEST_IMAGE];
    const id = (await engine.must(...args, ...(opts.cmd ?? ["graced", "-c", CONF_IN]))).trim();
    return new Container(engine, id, confDir);
  }

  /** `docker logs`: graced's stdout and stderr (each in order; the two are not interleaved). */
  async logs(): Promise<string> {
    const r = await this.engine.docker("logs", this.id);
    return r.stdout + r.stderr;
  }

  waitForLogs(what: string | RegExp, timeoutMs = 30_000): Promise<string> {
    return waitUntil(
      `docker logs to show ${what}`,
      async () => {
        const logs = await this.logs();
        return (typeof what === "string" ? logs.includes(what) : what.test(logs)) ? logs : undefined;
      },
      timeoutMs,
      200,
    );
  }

  exec(...args: string[]): Promise<Result> {
    return this.engine.docker("exec", this.id, ...args);
  }

  /** `docker exec` whose output is read while it runs. */
  execLive(...args: string[]): Captured {
    return new Captured(this.engine.spawnDocker("exec", this.id, ...args));
  }

  async state(): Promise<State> {
    return JSON.parse(await this.engine.must("inspect", "--format", "{{json .State}}", this.id));
  }

  /** `docker stop [flags]`; resolves when the container has stopped, with the seconds it took. */
  async stop(...flags: string[]): Promise<{ seconds: number; state: State }> {
    const started = Date.now();
    await this.engine.must("stop", ...flags, this.id);
    return { seconds: (Date.now() - started) / 1000, state: await this.state() };
  }

  /** Wait for the container to end by itself (`docker wait`). */
  async waitExit(): Promise<State> {
    await this.engine.must("wait", this.id);
    return this.state();
  }
}

/**
 * A describe() whose tests share one private dockerd with the test image built, stopped after
 * them; skipped with the reason where Docker cannot run (not root, docker.io missing…).
 */
export function describeDocker(name: string, body: (engine: () => Engine) => void): void {
  describe(name, { skip: dockerSkipReason() }, () => {
    let engine: Engine | undefined;
    before(async () => {
      engine = await Engine.start();
      await buildTestImage(engine);
    });
    after(async () => {
      await engine?.stop();
    });
    body(() => {
      if (!engine) throw new Error("the engine did not start");
      return engine;
    });
  });
}

/** A `[program:NAME]` section; `startsecs = 0` so that it counts as up at once. */
export const program = (name: string, command: string, extra = "") => `[program:${name}]\ncommand = ${command}\nstartsecs = 0\n${extra}\n`;

#!/usr/bin/env node
// `docker stop` → container exit, with graced or supervisord 4.2.5 as the container's PID 1: the
// same base image (test/docker/base-image.sh: Debian bookworm with the host's Node, tagged
// node:20-slim; supervisord's image adds Debian's `supervisor` to it), the same config (10 programs
// that each take 1 s to clean up after SIGTERM), `docker stop` with its default 10 s before SIGKILL.
// Runs on the Docker tests' harness (test/helpers/docker-engine.ts, container.ts): a dockerd of its
// own, started and stopped here, never the system's.
// Usage: pnpm build && node bench/docker-stop.mjs [RUNS=1]
// Needs root, dockerd (docker.io), the base image (debootstrap builds it once, then it is cached)
// and the network to Debian's mirror (supervisord's image installs `supervisor` with apt-get).
// `pnpm bench` imports dockerNeeds, startDocker, dockerStopOnce (scenario docker-stop).
import { existsSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { isMain, sleep } from "./lib/main.mjs";
import { allStarted, countStamped, programNames, stopProgramSections, waitFor } from "./lib/stops.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const HELPERS = join(ROOT, "test/dist/helpers");
const helpers = (name) => import(join(HELPERS, name));
const SUPERVISORD_IMAGE = "bench-supervisord";
const PROGRAMS = 10;

/** Why the scenario cannot run here (the harness's own reasons), or undefined. */
export async function dockerNeeds() {
  if (!existsSync(join(HELPERS, "docker-engine.js"))) return "needs `pnpm build` (it runs on test/dist/helpers)";
  const { dockerSkipReason } = await helpers("docker-engine.js");
  return dockerSkipReason();
}

/** A private dockerd with both images built: grace's (the checkout bind-mounted) and supervisord's. */
export async function startDocker() {
  const { BASE_IMAGE, Engine } = await helpers("docker-engine.js");
  const { buildTestImage } = await helpers("container.js");
  const engine = await Engine.start();
  try {
    await buildTestImage(engine);
    const context = engine.scratch("context-");
    writeFileSync(
      join(context, "Dockerfile"),
      `FROM ${BASE_IMAGE}\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends supervisor && rm -rf /var/lib/apt/lists/*\n`,
    );
    // --network host: apt-get reaches Debian's mirror through the host (the engine has no bridge)
    await engine.must("build", "--network", "host", "-q", "-t", SUPERVISORD_IMAGE, context);
    return engine;
  } catch (err) {
    await engine.stop();
    throw err;
  }
}

/** One container: start it, wait for every program, `docker stop` it; seconds, exit code, clean-ups done. */
export async function dockerStopOnce(engine, kind) {
  const { CONF_IN, Container, GRACE_IN, TEST_IMAGE } = await helpers("container.js");
  const names = programNames(PROGRAMS);
  // the programs write their stamps beside the config, in the directory the harness mounts at /etc/grace
  const conf = `[supervisord]\nnodaemon = true\n\n${stopProgramSections(names, { fixture: `${GRACE_IN}/bench/fixtures/stops-in.sh`, logDir: "/etc/grace", delay: 1 })}`;
  const c = await Container.run(engine, {
    conf,
    image: kind === "grace" ? TEST_IMAGE : SUPERVISORD_IMAGE,
    cmd: kind === "grace" ? ["graced", "-c", CONF_IN] : ["supervisord", "-n", "-c", CONF_IN],
  });
  try {
    const logs = names.map((p) => join(c.confDir, `${p}.log`));
    await waitFor("every program to start", () => allStarted(logs), 60_000);
    await sleep(500); // as in shutdown.mjs: let supervisord's bookkeeping settle
    const { seconds, state } = await c.stop();
    return { seconds, exit: state.ExitCode, cleaned: countStamped(logs, "CLEANUP") };
  } finally {
    await engine.docker("rm", "-f", c.id);
  }
}

async function main() {
  const runs = Number(process.argv[2] ?? 1);
  const why = await dockerNeeds();
  if (why) throw new Error(`docker-stop ${why}`);
  const engine = await startDocker();
  const rows = [];
  try {
    for (let i = 0; i < runs; i++)
      for (const kind of ["grace", "supervisord"]) rows.push({ kind, ...(await dockerStopOnce(engine, kind)) });
  } finally {
    await engine.stop();
  }
  console.log(
    `# docker stop → exit, ${PROGRAMS} programs × 1 s, ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`,
  );
  for (const r of rows) {
    console.log(`${r.kind.padEnd(12)} ${r.seconds.toFixed(2).padStart(6)} s  exit ${r.exit}  ${r.cleaned}/${PROGRAMS} cleaned up`);
  }
}

if (isMain(import.meta.url)) await main();

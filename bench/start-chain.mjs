#!/usr/bin/env node
// Issue 14: start of a chain web → app → db, each ready after DELAY ms (db: tcp, app: log,
// web: http). graced starts each link once the one below is ready (depends_on = …:ready); the
// figure is the time from db's start to web ready, and how much of it is graced's own: that
// less the chain's own readiness times (each program's ready moment less its start, which the
// fixture writes down). graced's own boot (its spawn to db's start) is printed apart. supervisord has no dependencies: the same programs by priority,
// timed to all RUNNING (startsecs=1, its only way to wait). Usage: node bench/start-chain.mjs [DELAY_MS]
// `pnpm bench` imports measureChain (scenario start-chain).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isMain, sleep } from "./lib/main.mjs";
import { gracedStatus, supervisordRunning } from "./rpc.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const FIXTURE = join(ROOT, "test/fixtures/ready-after.mjs");
const CHAIN = ["db", "app", "web"];

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function sections(kind, dir, delay) {
  const [dbPort, webPort] = [await freePort(), await freePort()];
  const base = (name, args, priority) =>
    `[program:${name}]\ncommand = ${process.execPath} ${FIXTURE} ${args} ${dir}\npriority = ${priority}\nstdout_logfile = ${dir}/${name}.log\nstderr_logfile = NONE\n`;
  const db = base("db", `tcp ${delay} ${dbPort}`, 1);
  const app = base("app", `log ${delay} -`, 2);
  const web = base("web", `http ${delay} ${webPort}`, 3);
  if (kind === "supervisord") return [db, app, web].join("\n");
  return [
    `${db}startsecs = 0\nready_check = tcp:127.0.0.1:${dbPort}\nready_interval = 0.1\n`,
    `${app}startsecs = 0\nready_check = log:^ready to serve$\ndepends_on = db:ready\n`,
    `${web}startsecs = 0\nready_check = http://127.0.0.1:${webPort}/health\nready_interval = 0.1\ndepends_on = app:ready\n`,
  ].join("\n");
}

/** Each program's [start, ready] (ms since the epoch), from the marks the fixture wrote. */
function marks(dir) {
  return CHAIN.map((name) =>
    readFileSync(join(dir, `${name}.marks`), "utf8")
      .trim()
      .split(" ")
      .map(Number),
  );
}

async function until(what, check, timeoutMs = 30_000) {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * One daemon: { totalS } from its spawn; for graced also { bootS } (its spawn to db's start),
 * { chainS } (db's start to web ready), { ownS } (the chain's own readiness times) and
 * { overS } = chainS − ownS: what the dependencies and probes cost.
 */
export async function measureChain(kind, delay = 400) {
  const dir = mkdtempSync(join(tmpdir(), `bench-chain-${kind}-`));
  const sock = join(dir, `${kind}.sock`);
  const conf = join(dir, `${kind}.conf`);
  const programs = await sections(kind, dir, delay);
  let daemon;
  try {
    const t0 = performance.now();
    const epoch0 = Date.now();
    if (kind === "grace") {
      writeFileSync(conf, `[unix_http_server]\nfile = ${sock}\n\n[supervisord]\nchildlogdir = ${dir}\n\n${programs}`);
      daemon = spawn(join(ROOT, "bin/graced"), ["-c", conf], { stdio: "ignore" });
      await until("web ready", async () => (await gracedStatus(sock))?.find((p) => p.name === "web" && p.ready === true));
    } else {
      writeFileSync(
        conf,
        `[unix_http_server]\nfile = ${sock}\n\n[supervisord]\nlogfile = ${dir}/supervisord.log\npidfile = ${dir}/supervisord.pid\nchildlogdir = ${dir}\n\n` +
          `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n${programs}`,
      );
      daemon = spawn("supervisord", ["-n", "-c", conf], { stdio: "ignore" });
      await until("all RUNNING", async () => (await supervisordRunning(sock))?.length === CHAIN.length);
    }
    const totalS = (performance.now() - t0) / 1000;
    if (kind !== "grace") return { totalS };
    const m = marks(dir);
    const ownS = m.reduce((sum, [start, ready]) => sum + ready - start, 0) / 1000;
    const bootS = (m[0][0] - epoch0) / 1000;
    const chainS = totalS - bootS;
    return { totalS, bootS, chainS, ownS, overS: chainS - ownS };
  } finally {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((r) => daemon.once("exit", r));
      daemon.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const delay = Number(process.argv[2] ?? 400);
  const grace = await measureChain("grace", delay);
  console.log(`chain web → app → db, each ready ${delay} ms after its start (db tcp, app log, web http)`);
  console.log(
    `graced: web ready ${grace.totalS.toFixed(2)} s after graced's spawn (${grace.bootS.toFixed(2)} s of it before db's start); ` +
      `db's start to web ready ${grace.chainS.toFixed(2)} s, of which the chain's own readiness ${grace.ownS.toFixed(2)} s; graced's part ${grace.overS.toFixed(2)} s (target ≤ 0.3 s)`,
  );
  try {
    const sup = await measureChain("supervisord", delay);
    console.log(`supervisord 4.2.5 (priorities, no dependencies): all RUNNING after ${sup.totalS.toFixed(2)} s (startsecs=1)`);
  } catch (e) {
    console.log(`supervisord: not measured (${e.message})`);
  }
}

if (isMain(import.meta.url)) await main();

// Bench (SPEC §8): 200 sleep-like programs with startsecs=1 — time from daemon start to all
// RUNNING, daemon RSS with them running (once idle: 10–40 s after), and `ctl status` latency — graced beside
// supervisord 4.2.5 on the same programs, in the same run. Usage: node bench/start-200.mjs [N]
// `pnpm bench` imports measureStart and nodeStartMs (scenario start-200).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isMain, sleep } from "./lib/main.mjs";
import { statusMb } from "./lib/proc.mjs";
import { median } from "./lib/stats.mjs";
import { gracedRunning, supervisordRunning } from "./rpc.mjs";

const STATUS_RUNS = 15;
/** The daemon is left alone, all RUNNING, at least this long before its RSS counts as idle… */
const IDLE_MIN_MS = 10_000;
/** …and at most this long: until its RSS has stayed within 0.2 MB for 5 s. */
const IDLE_MAX_MS = 40_000;

/**
 * The RSS of a daemon left alone: once the start's garbage is collected (V8's memory reducer
 * waits some seconds after the allocations stop, longer on a busy machine), it stays put.
 */
async function idleRss(pid) {
  const t0 = performance.now();
  const samples = [];
  for (;;) {
    samples.push(statusMb(pid, "VmRSS"));
    const last5 = samples.slice(-6);
    const still = last5.length === 6 && Math.max(...last5) - Math.min(...last5) <= 0.2;
    const waited = performance.now() - t0;
    if ((still && waited >= IDLE_MIN_MS) || waited >= IDLE_MAX_MS) return samples.at(-1);
    await sleep(1000);
  }
}
const ROOT = resolve(import.meta.dirname, "..");
const programs = (n) =>
  Array.from(
    { length: n },
    (_, i) => `[program:p${i}]\ncommand = sleep 100000\nstartsecs = 1\nstdout_logfile = NONE\nstderr_logfile = NONE\n`,
  ).join("\n");
const run = (file, args) =>
  new Promise((done) => {
    const t = performance.now();
    execFile(file, args, { env: { ...process.env, NO_COLOR: "1" } }, () => done(performance.now() - t));
  });
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function measure(name, n, { start, running, ctl }) {
  const t0 = performance.now();
  const daemon = start();
  let pids = [];
  while (performance.now() - t0 < 120_000) {
    pids = (await running()) ?? [];
    if (pids.length === n) break;
    await sleep(20);
  }
  const startS = (performance.now() - t0) / 1000;
  const complete = pids.length === n;
  const rss = await idleRss(daemon.pid);
  // the part no other process shares: most of the rest is the interpreter's own file pages
  // (node's or python's), which the page cache holds once for every process that maps them
  const anon = statusMb(daemon.pid, "RssAnon");
  const times = [];
  for (let i = 0; complete && i < STATUS_RUNS; i++) times.push(await ctl());
  // end what we started, by pid: the daemon, then any child it left behind
  const exited = new Promise((r) => daemon.once("exit", r));
  daemon.kill("SIGTERM");
  const timer = setTimeout(() => daemon.kill("SIGKILL"), 120_000);
  await exited;
  clearTimeout(timer);
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (!complete) throw new Error(`${name}: only ${pids.length} of ${n} RUNNING after 120 s`);
  return { name, startS, rss, anon, status: median(times) };
}

/** One daemon with `n` programs: seconds from its start to all RUNNING, its RSS once idle (MB), and the median `ctl status` (ms). */
export async function measureStart(kind, n) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const sock = join(dir, `${kind}.sock`);
  const conf = join(dir, `${kind}.conf`);
  try {
    if (kind === "grace") {
      writeFileSync(conf, `[unix_http_server]\nfile = ${sock}\n\n${programs(n)}`);
      return await measure("graced", n, {
        start: () => spawn(join(ROOT, "bin/graced"), ["-c", conf], { stdio: "ignore" }),
        running: () => gracedRunning(sock),
        ctl: () => run(join(ROOT, "bin/gracectl"), ["-s", `unix://${sock}`, "status"]),
      });
    }
    writeFileSync(
      conf,
      `[unix_http_server]\nfile = ${sock}\n\n[supervisord]\nlogfile = ${dir}/supervisord.log\npidfile = ${dir}/supervisord.pid\nchildlogdir = ${dir}\n\n` +
        `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n` +
        `[supervisorctl]\nserverurl = unix://${sock}\n\n${programs(n)}`,
    );
    return await measure("supervisord 4.2.5", n, {
      start: () => spawn("supervisord", ["-n", "-c", conf], { stdio: "ignore" }),
      running: () => supervisordRunning(sock),
      ctl: () => run("supervisorctl", ["-c", conf, "status"]),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time of `node -e 0`, the floor under any Node control client (ms). */
export async function nodeStartMs(runs = STATUS_RUNS) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await run(process.execPath, ["-e", "0"]));
  return median(times);
}

async function main() {
  const n = Number(process.argv[2] ?? 200);
  const results = [await measureStart("grace", n), await measureStart("supervisord", n)];
  const nodeE0 = await nodeStartMs();
  console.log(`${n} programs (sleep, startsecs=1) — ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
  console.log(
    `${"daemon".padEnd(20)} ${"start → all RUNNING".padStart(20)} ${"RSS".padStart(10)} ${"RssAnon".padStart(10)} ${"ctl status (median)".padStart(20)}`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(20)} ${`${r.startS.toFixed(2)} s`.padStart(20)} ${`${r.rss.toFixed(1)} MB`.padStart(10)} ${`${r.anon.toFixed(1)} MB`.padStart(10)} ${`${r.status.toFixed(0)} ms`.padStart(20)}`,
    );
  }
  console.log(
    `node -e 0 (median): ${nodeE0.toFixed(0)} ms; targets: start ≤ 2.5 s, RSS ≤ 48 MB (issue 13; SPEC §8: 60 MB), status ≤ node -e 0 + 15 ms`,
  );
}

if (isMain(import.meta.url)) await main();

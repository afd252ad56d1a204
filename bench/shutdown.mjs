#!/usr/bin/env node
// SPEC §8, shutdown rows: graced beside supervisord 4.2.5 on the same config, in the same run.
//   1. SIGTERM to PID 1 (in a PID namespace, like docker stop) → exit, 10 programs that need 1 s
//   2. the same with 200 programs
//   3. `ctl stop all` with 10 × 1 s programs: how long after the last program's exit it returns
// Usage: node bench/shutdown.mjs [--only grace|supervisord] [--skip-200] [--reps N]
// Needs root (unshare --pid), `pnpm build`, and supervisord/supervisorctl on PATH.
// `pnpm bench` imports sigtermToExit and stopAllLatency (scenarios shutdown-10, shutdown-200, stop-all).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMain, sleep } from "./lib/main.mjs";
import { median } from "./lib/stats.mjs";
import { allStarted, countStamped, lastStamp, programNames, stopProgramSections, waitFor } from "./lib/stops.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GRACED = join(ROOT, "bin/graced");
const GRACECTL = join(ROOT, "bin/gracectl");
const FIXTURE = join(ROOT, "bench/fixtures/stops-in.sh");
const DOCKER_GRACE_MS = 10_000;

/** One config both daemons accept: supervisord's sections, n programs that take `delay` s to stop. */
function writeConfig(n, delay) {
  const progs = programNames(n);
  return writeConfigOf(progs, (dir) => stopProgramSections(progs, { fixture: FIXTURE, logDir: dir, delay }));
}

/** The config around `programs(dir)`, whose programs `names` each log to DIR/NAME.log. */
function writeConfigOf(names, programs) {
  const dir = mkdtempSync(join(tmpdir(), "grace-bench-"));
  const text = [
    `[supervisord]\nnodaemon = true\nlogfile = ${dir}/supervisord.log\npidfile = ${dir}/daemon.pid\nchildlogdir = ${dir}\n`,
    `[unix_http_server]\nfile = ${dir}/s.sock\n`,
    "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
    `[supervisorctl]\nserverurl = unix://${dir}/s.sock\n`,
    programs(dir),
  ].join("\n");
  writeFileSync(join(dir, "bench.conf"), text);
  return { dir, conf: join(dir, "bench.conf"), logs: names.map((p) => join(dir, `${p}.log`)) };
}

/**
 * Issue 14's stack: web → app → db plus ten unrelated programs, each taking 1 s to stop, the
 * chain ordered by `depends_on` (grace: unrelated programs stop at the same moment as web) or by
 * `priority` (web 300, app 200, db 100 after the others' 999: levels one after another, the only
 * order supervisord has).
 */
function writeChainConfig(order) {
  const chain = [
    ["web", "app", 300],
    ["app", "db", 200],
    ["db", null, 100],
  ];
  const names = [...chain.map(([n]) => n), ...programNames(10)];
  return writeConfigOf(names, (dir) =>
    [
      ...chain.map(
        ([name, on, priority]) =>
          `[program:${name}]\ncommand = ${FIXTURE} ${dir}/${name}.log 1\nstartsecs = 0\nstopwaitsecs = 30\n` +
          (order === "depends_on" ? (on ? `depends_on = ${on}\n` : "") : `priority = ${priority}\n`),
      ),
      stopProgramSections(programNames(10), { fixture: FIXTURE, logDir: dir, delay: 1 }),
    ].join("\n"),
  );
}

function daemonArgv(kind, conf) {
  return kind === "grace" ? [GRACED, "-c", conf] : ["supervisord", "-n", "-c", conf];
}

function onlyChild(pid) {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return kids.length === 1 ? Number(kids[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** Scenario 1/2: PID 1 of a namespace gets SIGTERM; time to its exit, and who got TERM in time. */
export function sigtermToExit(kind, n) {
  return pid1SigtermToExit(kind, writeConfig(n, 1));
}

/** Scenario shutdown-chain: the same with the chain and ten unrelated programs; `order` "depends_on" or "priority". */
export function chainSigtermToExit(kind, order) {
  return pid1SigtermToExit(kind, writeChainConfig(order));
}

async function pid1SigtermToExit(kind, { dir, conf, logs }) {
  const n = logs.length;
  // --kill-child: should this script die, the kernel ends the namespace's PID 1, and with it the rest
  const ns = spawn("unshare", ["--pid", "--fork", "--kill-child", "--mount-proc", ...daemonArgv(kind, conf)], { stdio: "ignore" });
  const exited = new Promise((r) => ns.once("exit", (code, signal) => r({ code, signal })));
  try {
    const pid1 = await waitFor("PID 1", () => onlyChild(ns.pid));
    const t0 = Date.now();
    await waitFor("every program to start", () => allStarted(logs), 300_000);
    const startMs = Date.now() - t0;
    await sleep(500); // let supervisord's startsecs bookkeeping settle
    const sent = Date.now();
    process.kill(pid1, "SIGTERM");
    // measured without docker's SIGKILL, to see how long it really takes; TERM counts use 10 s
    const cap = setTimeout(() => process.kill(pid1, "SIGKILL"), 300_000);
    const { code } = await exited;
    const ms = Date.now() - sent;
    clearTimeout(cap);
    const termedInTime = countStamped(logs, "TERM", sent + DOCKER_GRACE_MS);
    return { ms, code, termedInTime, n, startMs };
  } finally {
    // on a failure: SIGKILL to unshare makes --kill-child end PID 1, which ends the whole namespace
    if (ns.exitCode === null && ns.signalCode === null) ns.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd, args) {
  return new Promise((r) => execFile(cmd, args, { env: { ...process.env, NO_COLOR: "1" } }, (err, stdout) => r({ err, stdout })));
}

/** Scenario 3: `ctl stop all` returns how long after the last program's exit (its CLEANUP stamp)? Median of `reps`, in ms. */
export async function stopAllLatency(kind, reps) {
  const { dir, conf, logs } = writeConfig(10, 1);
  const [cmd, ...args] = daemonArgv(kind, conf);
  const d = spawn(cmd, args, { stdio: "ignore" });
  const exited = new Promise((r) => d.once("exit", r));
  const ctl = kind === "grace" ? [GRACECTL, "-s", `unix://${dir}/s.sock`] : ["supervisorctl", "-c", conf];
  try {
    const results = [];
    for (let i = 0; i < reps; i++) {
      for (const f of logs) rmSync(f, { force: true });
      if (i > 0) await run(ctl[0], [...ctl.slice(1), "start", "all"]);
      await waitFor("every program to start", () => allStarted(logs), 60_000);
      await sleep(300);
      const { err } = await run(ctl[0], [...ctl.slice(1), "stop", "all"]);
      const returned = Date.now();
      if (err) throw new Error(`${kind} stop all failed: ${err.message}`);
      results.push(returned - lastStamp(logs, "CLEANUP"));
    }
    return median(results);
  } finally {
    // both daemons stop their programs on SIGTERM before they exit
    d.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { values: opts } = parseArgs({
    options: { only: { type: "string" }, "skip-200": { type: "boolean" }, reps: { type: "string", default: "3" } },
  });
  const kinds = opts.only ? [opts.only] : ["grace", "supervisord"];
  const reps = Number(opts.reps);
  const rows = [];
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  for (const kind of kinds) {
    const ten = await sigtermToExit(kind, 10);
    rows.push([kind, "SIGTERM → exit, 10 × 1 s (PID 1)", fmt(ten.ms), `exit ${ten.code}, ${ten.termedInTime}/10 got TERM within 10 s`]);
    if (!opts["skip-200"]) {
      const big = await sigtermToExit(kind, 200);
      rows.push([kind, "SIGTERM → exit, 200 × 1 s (PID 1)", fmt(big.ms), `exit ${big.code}, ${big.termedInTime}/200 got TERM within 10 s`]);
    }
    const lat = await stopAllLatency(kind, reps);
    rows.push([kind, "ctl stop all, 10 × 1 s: return after last exit", `+${fmt(lat)}`, `median of ${reps}`]);
  }

  const header = ["daemon", "scenario", "result", "notes"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(
    `# shutdown bench, ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
}

if (isMain(import.meta.url)) await main();

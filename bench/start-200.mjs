// Bench (SPEC §8): 200 sleep-like programs with startsecs=1 — time from daemon start to all
// RUNNING, daemon RSS with them running, and `ctl status` latency — graced beside
// supervisord 4.2.5 on the same programs, in the same run. Usage: node bench/start-200.mjs [N]
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gracedRunning, supervisordRunning } from "./rpc.mjs";

const N = Number(process.argv[2] ?? 200);
const STATUS_RUNS = 15;
const ROOT = resolve(import.meta.dirname, "..");
const programs = Array.from(
  { length: N },
  (_, i) => `[program:p${i}]\ncommand = sleep 100000\nstartsecs = 1\nstdout_logfile = NONE\nstderr_logfile = NONE\n`,
).join("\n");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
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

async function measure(name, { start, running, ctl }) {
  const t0 = performance.now();
  const daemon = start();
  let pids = [];
  while (performance.now() - t0 < 120_000) {
    pids = (await running()) ?? [];
    if (pids.length === N) break;
    await sleep(20);
  }
  const startS = (performance.now() - t0) / 1000;
  const complete = pids.length === N;
  const rss = rssMb(daemon.pid);
  const times = [];
  for (let i = 0; complete && i < STATUS_RUNS; i++) times.push(await ctl());
  // end what we started, by pid: the daemon, then any child it left behind
  const exited = new Promise((r) => daemon.once("exit", r));
  daemon.kill("SIGTERM");
  const timer = setTimeout(() => daemon.kill("SIGKILL"), 120_000);
  await exited;
  clearTimeout(timer);
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (!complete) throw new Error(`${name}: only ${pids.length} of ${N} RUNNING after 120 s`);
  return { name, startS, rss, status: median(times) };
}

const gDir = mkdtempSync(join(tmpdir(), "bench-grace-"));
const gSock = join(gDir, "grace.sock");
writeFileSync(join(gDir, "grace.conf"), `[unix_http_server]\nfile = ${gSock}\n\n${programs}`);
const sDir = mkdtempSync(join(tmpdir(), "bench-supervisord-"));
const sSock = join(sDir, "supervisor.sock");
const sConf = join(sDir, "supervisord.conf");
writeFileSync(
  sConf,
  `[unix_http_server]\nfile = ${sSock}\n\n[supervisord]\nlogfile = ${sDir}/supervisord.log\npidfile = ${sDir}/supervisord.pid\nchildlogdir = ${sDir}\n\n` +
    `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n` +
    `[supervisorctl]\nserverurl = unix://${sSock}\n\n${programs}`,
);

const results = [];
results.push(
  await measure("graced", {
    start: () => spawn(join(ROOT, "bin/graced"), ["-c", join(gDir, "grace.conf")], { stdio: "ignore" }),
    running: () => gracedRunning(gSock),
    ctl: () => run(join(ROOT, "bin/gracectl"), ["-s", `unix://${gSock}`, "status"]),
  }),
);
results.push(
  await measure("supervisord 4.2.5", {
    start: () => spawn("supervisord", ["-n", "-c", sConf], { stdio: "ignore" }),
    running: () => supervisordRunning(sSock),
    ctl: () => run("supervisorctl", ["-c", sConf, "status"]),
  }),
);
const nodeE0 = [];
for (let i = 0; i < STATUS_RUNS; i++) nodeE0.push(await run(process.execPath, ["-e", "0"]));
rmSync(gDir, { recursive: true, force: true });
rmSync(sDir, { recursive: true, force: true });

console.log(`${N} programs (sleep, startsecs=1) — ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
console.log(`${"daemon".padEnd(20)} ${"start → all RUNNING".padStart(20)} ${"RSS".padStart(10)} ${"ctl status (median)".padStart(20)}`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(20)} ${`${r.startS.toFixed(2)} s`.padStart(20)} ${`${r.rss.toFixed(1)} MB`.padStart(10)} ${`${r.status.toFixed(0)} ms`.padStart(20)}`,
  );
}
console.log(`node -e 0 (median): ${median(nodeE0).toFixed(0)} ms; targets: start ≤ 2.5 s, RSS ≤ 60 MB, status ≤ node -e 0 + 15 ms`);

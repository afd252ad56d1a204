#!/usr/bin/env node
// bench/log-throughput.mjs — SPEC §8 "200 MB of stdout through a rotated log".
// One program writes 200 MB (200,000,000 bytes: 2,000,000 numbered 100-byte lines) as fast as
// it can into a log with maxbytes=50MB, backups=3 (four files hold 200 MiB, so every line fits
// and any missing line is lost, not rotated out). graced and supervisord 4.2.5 take turns on the
// same config for ROUNDS rounds; prints each run and the medians: throughput (writer start →
// last byte in the files), lines lost (read back from the files), daemon CPU seconds, the
// control command's latency idle and during the flood (one every 250 ms: a flood lasts well under
// a second, so it lands once or twice), and the daemon's own answer time during the flood, from
// a status call on its socket every 20 ms (no client start-up in it).
// Usage: pnpm build && node bench/log-throughput.mjs [ROUNDS=3]
// `pnpm bench` imports measureThroughput (scenario log-throughput).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { floodBytes, floodConfig, floodFiles } from "./lib/flood.mjs";
import { isMain, sleep } from "./lib/main.mjs";
import { cpuSeconds } from "./lib/proc.mjs";
import { median as middle } from "./lib/stats.mjs";
import { gracedRunning, supervisordRunning } from "./rpc.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOTAL = 200_000_000;
const LINE = 100;

const median = (xs) => (xs.length ? middle(xs) : NaN);

function timed(cmd, args) {
  return new Promise((res) => {
    const t0 = performance.now();
    execFile(cmd, args, { timeout: 60_000 }, (err) => res({ ms: performance.now() - t0, ok: !err || err.code === 3 }));
  });
}

/** Read the kept files oldest first; count lines missing from 0 … N-1 (and garbled ones). */
function verify(dir) {
  const files = floodFiles(dir);
  let expect = 0;
  let garbled = 0;
  let lost = 0;
  let rest = "";
  for (const f of files) {
    const text = rest + readFileSync(f, "latin1");
    const lines = text.split("\n");
    rest = lines.pop();
    for (const l of lines) {
      const n = Number(l.slice(0, 10));
      if (l.length !== LINE - 1 || !Number.isInteger(n)) {
        garbled++;
        continue;
      }
      if (n > expect) lost += n - expect;
      expect = n + 1;
    }
  }
  lost += TOTAL / LINE - expect;
  return { lost, garbled, files: files.length };
}

async function run(name, start, ctl, ask) {
  const dir = mkdtempSync(join(tmpdir(), `bench-log-${name}-`));
  const conf = join(dir, "daemon.conf");
  writeFileSync(conf, floodConfig(dir, `${process.execPath} ${ROOT}/bench/flood-writer.cjs ${TOTAL} ${dir}/start`));
  const daemon = start(conf);
  const ctlArgs = ctl.args(conf, dir);
  for (let i = 0; i < 100 && !(await timed(ctl.cmd, [...ctlArgs, "status"])).ok; i++) await sleep(100);
  const idle = [];
  for (let i = 0; i < 5; i++) idle.push((await timed(ctl.cmd, [...ctlArgs, "status"])).ms);
  const cpu0 = cpuSeconds(daemon.pid);
  await timed(ctl.cmd, [...ctlArgs, "start", "flood"]);
  const during = [];
  const rpc = [];
  let done = false;
  const socketProber = (async () => {
    // the daemon's own answer time, without a client's start-up: one status call every 20 ms
    while (!done) {
      const t0 = performance.now();
      await ask(join(dir, "ctl.sock"));
      rpc.push(performance.now() - t0);
      await sleep(20);
    }
  })();
  const prober = (async () => {
    // one probe every 250 ms: a control client's own start-up costs CPU on a 2-core machine,
    // and a tighter loop would measure the prober more than the daemon
    while (!done) {
      during.push((await timed(ctl.cmd, [...ctlArgs, "status"])).ms);
      await sleep(250);
    }
  })();
  const deadline = Date.now() + 300_000;
  while (floodBytes(dir) < TOTAL && Date.now() < deadline) await sleep(10);
  const end = Date.now();
  done = true;
  await prober;
  await socketProber;
  const cpu = cpuSeconds(daemon.pid) - cpu0;
  const seconds = (end - Number(readFileSync(join(dir, "start"), "utf8"))) / 1000;
  daemon.kill("SIGTERM");
  await new Promise((r) => daemon.once("exit", r));
  const check = verify(dir);
  rmSync(dir, { recursive: true, force: true });
  return {
    name,
    mbps: TOTAL / 1e6 / seconds,
    seconds,
    ...check,
    cpu,
    idle: median(idle),
    during: median(during),
    probes: during.length,
    rpc: median(rpc),
    rpcMax: Math.max(...rpc),
    rpcProbes: rpc.length,
  };
}

const daemons = [
  {
    name: "graced",
    start: (conf) => spawn(join(ROOT, "bin/graced"), ["-c", conf], { stdio: "ignore" }),
    ctl: { cmd: join(ROOT, "bin/gracectl"), args: (conf) => ["-c", conf] },
    ask: gracedRunning,
  },
  {
    name: "supervisord",
    start: (conf) => spawn("supervisord", ["-n", "-c", conf], { stdio: "ignore" }),
    ctl: { cmd: "supervisorctl", args: (conf) => ["-c", conf] },
    ask: supervisordRunning,
  },
];

/** One round for one daemon ("grace" or "supervisord"): MB/s, lines lost and garbled, CPU s, control latencies. */
export function measureThroughput(kind) {
  const d = daemons.find((x) => x.name === (kind === "grace" ? "graced" : kind));
  return run(d.name, d.start, d.ctl, d.ask);
}

async function main() {
  const ROUNDS = Number(process.argv[2] ?? 3);
  // the daemons take turns, so a spell of load from elsewhere on the machine hits both alike
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) for (const d of daemons) runs.push(await run(d.name, d.start, d.ctl, d.ask));

  console.log(`log throughput: 200 MB (2,000,000 lines) through stdout_logfile maxbytes=50MB backups=3`);
  console.log(
    `${new Date().toISOString()}  ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, ${ROUNDS} rounds\n`,
  );
  const row = (cells) => console.log(cells.map((c, i) => String(c).padEnd(i === 0 ? 13 : 11)).join(""));
  const header = [
    "daemon",
    "MB/s",
    "seconds",
    "lost",
    "garbled",
    "CPU s",
    "ctl idle",
    "ctl flood",
    "ctl probes",
    "rpc flood",
    "rpc max",
    "rpc probes",
  ];
  const cells = (r) => [
    r.name,
    r.mbps.toFixed(0),
    r.seconds.toFixed(2),
    r.lost,
    r.garbled,
    r.cpu.toFixed(2),
    `${r.idle.toFixed(0)} ms`,
    `${r.during.toFixed(0)} ms`,
    r.probes,
    `${r.rpc.toFixed(1)} ms`,
    `${r.rpcMax.toFixed(1)} ms`,
    r.rpcProbes,
  ];
  row(header);
  for (const r of runs) row(cells(r));
  console.log("\nmedian of the rounds (lost, garbled, rpc max: the worst; probes: the sum)");
  row(header);
  for (const { name } of daemons) {
    const mine = runs.filter((r) => r.name === name);
    const med = (k) => median(mine.map((r) => r[k]));
    const worst = (k) => Math.max(...mine.map((r) => r[k]));
    row(
      cells({
        name,
        mbps: med("mbps"),
        seconds: med("seconds"),
        lost: worst("lost"),
        garbled: worst("garbled"),
        cpu: med("cpu"),
        idle: med("idle"),
        during: med("during"),
        probes: mine.reduce((s, r) => s + r.probes, 0),
        rpc: med("rpc"),
        rpcMax: worst("rpcMax"),
        rpcProbes: mine.reduce((s, r) => s + r.rpcProbes, 0),
      }),
    );
  }
}

if (isMain(import.meta.url)) await main();

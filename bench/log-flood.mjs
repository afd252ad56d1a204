#!/usr/bin/env node
// bench/log-flood.mjs — issue 13: a program's stdout flood as users write it, `yes 0123…789 |
// head -c 200000000` (41-byte lines, 4 KiB writes), into a log rotated at 50 MiB × 3. Four files
// hold 200 MiB, so every byte is kept and any missing one was lost. For graced and supervisord
// 4.2.5 on the same config, prints: throughput (writer start → last byte in the files, beside
// the writer alone into /dev/null just before: the ceiling), the
// daemon's CPU seconds for the flood, its RSS idle before the flood and its peak RSS (VmHWM)
// during it, the lines lost or garbled (every byte read back), and the rotated files that do not
// end at a line end.
// Usage: pnpm build && node bench/log-flood.mjs [ROUNDS=3]
// `pnpm bench` imports measureFlood (scenario log-flood).
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { floodBytes, floodConfig, floodFiles } from "./lib/flood.mjs";
import { isMain, sleep } from "./lib/main.mjs";
import { cpuSeconds, resetPeak, statusMb } from "./lib/proc.mjs";
import { median } from "./lib/stats.mjs";
import { gracedRunning, startProgram, supervisordRunning } from "./rpc.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const TOTAL = 200_000_000;
const LINE = Buffer.from("0123456789012345678901234567890123456789\n");
/** Seconds the daemon is left alone before its idle RSS is read. */
const SETTLE_MS = 3000;

/**
 * Every byte read back, oldest file first: the files together must be LINE repeated, cut at
 * `total` bytes. Counts the lines missing (lost), the lines that differ (garbled), and the
 * rotated files that end inside a line.
 */
export function verify(files, total = TOTAL) {
  const READ = 4 * 1024 * 1024 - ((4 * 1024 * 1024) % LINE.length); // whole lines
  const expected = Buffer.alloc(READ + LINE.length, LINE.toString("latin1"), "latin1");
  const buf = Buffer.alloc(READ);
  let offset = 0; // bytes of the stream before this read
  let garbled = 0;
  let splitRotations = 0;
  for (const [n, file] of files.entries()) {
    const fd = openSync(file, "r");
    try {
      for (;;) {
        const got = readSync(fd, buf, 0, READ, null);
        if (got === 0) break;
        const at = offset % LINE.length;
        if (!buf.subarray(0, got).equals(expected.subarray(at, at + got))) garbled += countGarbled(buf.subarray(0, got), at);
        offset += got;
      }
    } finally {
      closeSync(fd);
    }
    if (n < files.length - 1 && offset % LINE.length !== 0) splitRotations++;
  }
  const lost = Math.max(0, Math.ceil((total - offset) / LINE.length));
  return { lost, garbled, splitRotations, bytes: offset };
}

/** Lines of `chunk` (which starts `at` bytes into a line) that are not LINE; slow, for a failed run only. */
function countGarbled(chunk, at) {
  let bad = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] !== LINE[(at + i) % LINE.length]) {
      bad++;
      i += LINE.length - ((at + i) % LINE.length) - 1; // on to the next line
    }
  }
  return bad;
}

export const daemons = {
  grace: { start: (conf) => spawn(join(ROOT, "bin/graced"), ["-c", conf], { stdio: "ignore" }), running: gracedRunning },
  supervisord: { start: (conf) => spawn("supervisord", ["-n", "-c", conf], { stdio: "ignore" }), running: supervisordRunning },
};

/**
 * The same writer with no daemon, its output thrown away (/dev/null: no file either, so no dirty
 * pages left behind for the flood that follows), start to end (MB/s). No daemon can capture
 * faster than its program writes: this is the ceiling the run had.
 */
function writerAlone(dir) {
  const r = spawnSync(`${ROOT}/bench/fixtures/yes-flood.sh`, [String(TOTAL), join(dir, "alone.start")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error(`the writer alone failed: ${r.status ?? r.signal}`);
  return TOTAL / 1e6 / ((Date.now() - Number(readFileSync(join(dir, "alone.start"), "utf8"))) / 1000);
}

/** One flood through `kind` ("grace" or "supervisord"). */
export async function measureFlood(kind) {
  const d = daemons[kind];
  const dir = mkdtempSync(join(tmpdir(), `bench-flood-${kind}-`));
  const conf = join(dir, "daemon.conf");
  const sock = join(dir, "ctl.sock");
  const ceiling = writerAlone(dir);
  writeFileSync(conf, floodConfig(dir, `${ROOT}/bench/fixtures/yes-flood.sh ${TOTAL} ${dir}/start`));
  const daemon = d.start(conf);
  const exited = new Promise((r) => daemon.once("exit", r));
  try {
    for (let i = 0; i < 300 && (await d.running(sock)) === null; i++) await sleep(50);
    await sleep(SETTLE_MS);
    const idle = statusMb(daemon.pid, "VmRSS");
    resetPeak(daemon.pid);
    const cpu0 = cpuSeconds(daemon.pid);
    await startProgram(kind, sock, "flood");
    const deadline = Date.now() + 300_000;
    while (floodBytes(dir) < TOTAL && Date.now() < deadline) await sleep(5);
    const end = Date.now();
    const cpu = cpuSeconds(daemon.pid) - cpu0;
    const peak = statusMb(daemon.pid, "VmHWM");
    const seconds = (end - Number(readFileSync(join(dir, "start"), "utf8"))) / 1000;
    daemon.kill("SIGTERM");
    await exited;
    const check = verify(floodFiles(dir));
    return { mbps: TOTAL / 1e6 / seconds, ceiling, cpu, idle, peak, growth: peak - idle, ...check, bad: check.lost + check.garbled };
  } finally {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const rounds = Number(process.argv[2] ?? 3);
  const runs = { supervisord: [], grace: [] };
  // the daemons take turns, so a spell of load from elsewhere on the machine hits both alike
  for (let i = 0; i < rounds; i++) for (const kind of Object.keys(runs)) runs[kind].push(await measureFlood(kind));
  console.log(`yes | head -c ${TOTAL} (41-byte lines) into a log rotated at 50 MiB × 3, ${rounds} rounds`);
  console.log(`${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}, load ${loadavg()[0].toFixed(2)}\n`);
  const cols = ["MB/s", "alone MB/s", "CPU s", "idle MB", "peak MB", "growth MB", "lost", "garbled", "split rot."];
  const keys = ["mbps", "ceiling", "cpu", "idle", "peak", "growth", "lost", "garbled", "splitRotations"];
  const digits = [0, 0, 2, 1, 1, 1, 0, 0, 0];
  const row = (name, r) => console.log(name.padEnd(22) + keys.map((k, i) => r[k].toFixed(digits[i]).padStart(11)).join(""));
  console.log("".padEnd(22) + cols.map((c) => c.padStart(11)).join(""));
  for (const [kind, list] of Object.entries(runs)) {
    for (const [i, r] of list.entries()) row(`${kind} run ${i + 1}`, r);
    row(`${kind} median`, Object.fromEntries(keys.map((k) => [k, median(list.map((r) => r[k]))])));
  }
}

if (isMain(import.meta.url)) await main();

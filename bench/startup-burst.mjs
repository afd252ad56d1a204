#!/usr/bin/env node
// Startup burst (issue 10 item 7): graced starting N programs at once.
//   1. for each N: the longest wait for a `version` answer while the programs are being spawned
//      (one request after another over fresh connections, as gracectl makes them, from graced's
//      start on), and the time from graced's start to the last "spawned:" line;
//      then, with all N running, SIGTERM: the time to graced's exit and the longest `version` wait
//      while it stops them;
//   2. SIGTERM 1 s after the first spawn of the largest N: time from the signal to graced's
//      exit, how many programs were spawned at all, and the "shutdown complete in X s" graced logs.
// Usage: node bench/startup-burst.mjs [N …]   (default 500 1000 2000 4000; needs `pnpm build`)
// Programs are `sleep` with AUTO logs (the defaults), so log files are opened as in real use.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(500, 1000, 2000, 4000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function version(socket) {
  return new Promise((done) => {
    const c = connect(socket);
    c.on("error", () => done(false));
    c.on("close", () => done(false)); // graced closed the socket at its exit
    c.on("connect", () => c.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "version", params: {} })}\n`));
    c.on("data", () => {
      c.destroy();
      done(true);
    });
  });
}

/** graced on N sleep programs; counts "spawned:" lines and remembers every pid it names. */
function startGraced(n) {
  const dir = mkdtempSync(join(tmpdir(), "bench-burst-"));
  const socket = join(dir, "grace.sock");
  const programs = Array.from({ length: n }, (_, i) => `[program:p${i}]\ncommand = sleep 100000\n`).join("\n");
  writeFileSync(join(dir, "grace.conf"), `[unix_http_server]\nfile = ${socket}\n\n[supervisord]\nchildlogdir = ${dir}\n\n${programs}`);
  const child = spawn(join(ROOT, "bin/graced"), ["-c", join(dir, "grace.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  const g = { dir, socket, child, spawned: 0, firstSpawnAt: 0, lastSpawnAt: 0, pids: [], log: "" };
  let rest = "";
  child.stdout.on("data", (d) => {
    const lines = (rest + d).split("\n");
    rest = lines.pop();
    for (const line of lines) {
      const m = / spawned: '.*' with pid (\d+)/.exec(line);
      if (m) {
        g.spawned++;
        g.pids.push(Number(m[1]));
        g.lastSpawnAt = performance.now();
        if (g.spawned === 1) g.firstSpawnAt = g.lastSpawnAt;
      } else if (line.includes("shutdown")) g.log += `${line}\n`;
    }
  });
  child.stderr.on("data", () => {});
  g.exited = new Promise((r) => child.once("exit", (code) => r(code)));
  return g;
}

async function finish(g) {
  if (g.child.exitCode === null) g.child.kill("SIGTERM");
  const cap = setTimeout(() => g.child.kill("SIGKILL"), 120_000);
  await g.exited;
  clearTimeout(cap);
  // whatever graced could not stop (it was SIGKILLed): end it by pid
  for (const pid of g.pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  rmSync(g.dir, { recursive: true, force: true });
}

/** Probe `version` one call after another while `busy()`; the longest wait for an answer. */
async function worstWait(g, busy) {
  let worst = 0;
  let probes = 0;
  while (busy()) {
    const t = performance.now();
    await version(g.socket);
    worst = Math.max(worst, performance.now() - t);
    probes++;
  }
  return { worst, probes };
}

async function burst(n) {
  const g = startGraced(n);
  const started = performance.now();
  // from graced's start: a request that reaches the socket while graced is busy waits, and counts
  const start = { worst: 0, probes: 0 };
  while (g.spawned < n && performance.now() - started < 600_000) {
    const t = performance.now();
    if (!(await version(g.socket))) {
      await sleep(5); // no socket yet
      continue;
    }
    start.worst = Math.max(start.worst, performance.now() - t);
    start.probes++;
  }
  const allMs = g.lastSpawnAt - started;
  let exited = false;
  void g.exited.then(() => (exited = true));
  const sent = performance.now();
  g.child.kill("SIGTERM");
  const stop = await worstWait(g, () => !exited);
  await g.exited;
  const stopMs = performance.now() - sent;
  await finish(g);
  return { n, ...start, allMs, stopMs, stopWorst: stop.worst };
}

async function sigtermDuringBurst(n) {
  const g = startGraced(n);
  while (g.spawned === 0) await sleep(2);
  await sleep(1000 - (performance.now() - g.firstSpawnAt));
  const sent = performance.now();
  g.child.kill("SIGTERM");
  const code = await g.exited;
  const ms = performance.now() - sent;
  const logged = /shutdown complete in ([\d.]+)s/.exec(g.log)?.[1];
  const spawned = g.spawned;
  await finish(g);
  return { n, ms, code, spawned, logged };
}

console.log(`startup burst — ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
const cols = ["programs", "worst version wait", "probes", "start → last spawn", "SIGTERM → exit", "worst wait in stop"];
const row = (cells) => console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 8 : cols[i].length + 2)).join(""));
row(cols);
for (const n of sizes) {
  const r = await burst(n);
  const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
  row([n, `${r.worst.toFixed(0)} ms`, r.probes, secs(r.allMs), secs(r.stopMs), `${r.stopWorst.toFixed(0)} ms`]);
}
const big = Math.max(...sizes);
const t = await sigtermDuringBurst(big);
console.log(
  `SIGTERM 1 s into the start of ${big}: exit after ${(t.ms / 1000).toFixed(2)} s (exit ${t.code}), ` +
    `${t.spawned} of ${big} spawned, graced logged "shutdown complete in ${t.logged ?? "?"}s"`,
);

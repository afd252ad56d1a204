#!/usr/bin/env node
// Slow hostile-client probes against a real graced (issue 10), each bounded in time:
//   dribble      50 clients send one request, then one byte per write (reconnecting when cut off)
//   partial      500 clients send one request, then hold a 1,000,000-byte unterminated frame
//   subscribers  100 `subscribe state` clients that never read while `restart all` of 5 runs 30 times
//   followers    100 `tail -f` clients that never read a program writing 2 KB every ms
//   http-slow    50 HTTP clients whose headers come a byte every 5 ms (reconnecting when cut off)
//   http-big     HTTP clients sending 100 MB bodies as fast as they can, and 40 holding 1 MB ones
// The clients (loads.mjs) run in a process of their own. During each load: `status` must
// answer within 1 s. After it: graced alive, RSS back within 20 % of its start. Then the same
// load again and SIGTERM: graced must exit within its budget. Prints figures; exits 1 when any
// of that failed. VERBOSE=1 also lists the slow status answers; SUBSCRIBERS=0 gives the
// subscribers probe's baseline (restart all alone).
// Usage: node test/stress/hostile.mjs [--only dribble|partial|subscribers|followers|http-slow|http-big]   (after `pnpm build`)
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FIXTURES, fmt, request, rssMiB, settleRss, sleep, startGraced, watch } from "./lib.mjs";

const BUDGET_S = 9;
const LOADS = join(dirname(fileURLToPath(import.meta.url)), "loads.mjs");
const { values: opts } = parseArgs({ options: { only: { type: "string" } } });
const failures = [];

/** Start load `name` against `socket` in its own process; `stop()` ends it and resolves with what it saw. */
function startLoad(name, socket) {
  // its stdin is a pipe from us: if we die, it ends, and so does the load
  const child = spawn(process.execPath, [LOADS, name, socket], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const exited = new Promise((done) => child.once("exit", done));
  return async () => {
    child.kill("SIGTERM");
    await exited;
    try {
      return JSON.parse(out);
    } catch {
      return { summary: "(the load printed nothing)", failure: "the load process failed" };
    }
  };
}

const drip = `[program:drip]\ncommand = ${FIXTURES}/writes-chunks.cjs 2000\nstopwaitsecs = 2\n`;

const probes = {
  dribble: { seconds: 20, programs: 1 },
  partial: { seconds: 12, programs: 1 },
  // warmed up by a first restart: graced's own growth from restarting is not the clients' doing
  subscribers: { seconds: 15, programs: 5, warmup: (g) => request(g.socket, "restart", { names: ["all"] }, 30_000) },
  followers: { seconds: 10, sections: drip },
  // supervisord's HTTP side on the same socket (issue 15)
  "http-slow": { seconds: 15, programs: 1 },
  "http-big": { seconds: 10, programs: 1 },
};

async function run(name, probe) {
  const g = await startGraced({ programs: probe.programs, sections: probe.sections, supervisord: `shutdown_timeout = ${BUDGET_S}` });
  const loads = [];
  try {
    await measure(name, probe, g, loads);
  } finally {
    // whatever happened: no load left running, no graced (nor its programs) left behind
    for (const stop of loads) await stop();
    if (g.alive()) g.child.kill("SIGTERM");
    await Promise.race([g.exited, sleep(30_000)]);
  }
}

async function measure(name, { seconds, warmup }, g, loads) {
  const load = (n) => {
    const stop = startLoad(n, g.socket);
    loads.push(stop);
    return stop;
  };
  await sleep(1000); // the programs are up
  await warmup?.(g);
  const base = rssMiB(g.child.pid);
  const stopWatch = watch(g);
  const stopLoad = load(name);
  await sleep(seconds * 1000);
  const seenByLoad = await stopLoad();
  console.log(`${name}: ${seenByLoad.summary}`);
  if (seenByLoad.failure) failures.push(`${name}: ${seenByLoad.failure}`);
  const seen = await stopWatch();
  const after = await settleRss(g.child.pid, base);
  const status = await request(g.socket, "status", {}, 1000);
  console.log(
    `${name}: RSS ${base.toFixed(1)} → peak ${seen.peak.toFixed(1)} → after ${after.toFixed(1)} MiB; ` +
      `worst status during ${fmt(seen.worst)} (${seen.samples} samples); alive ${g.alive()}; ` +
      `graced ran ${(seen.run / 1000).toFixed(1)} s on a CPU and waited ${(seen.wait / 1000).toFixed(1)} s for one`,
  );
  if (!g.alive()) failures.push(`${name}: graced died`);
  if (seen.worst === null || seen.worst > 1000) failures.push(`${name}: status took ${fmt(seen.worst)} during the probe`);
  if (!status?.result) failures.push(`${name}: status did not answer after the probe`);
  if (after > base * 1.2) failures.push(`${name}: RSS ${after.toFixed(1)} MiB did not come back to within 20 % of ${base.toFixed(1)}`);
  // the same load again, and SIGTERM in the middle of it
  const stopAgain = load(name);
  await sleep(3000);
  const t = Date.now();
  g.child.kill("SIGTERM");
  const exit = await Promise.race([g.exited, sleep(30_000).then(() => null)]);
  await stopAgain();
  const took = ((exit?.at ?? Date.now()) - t) / 1000;
  const summary = /complete in ([\d.]+)s/.exec(g.log())?.[1] ?? "?";
  console.log(
    `${name}: SIGTERM under load → exit ${exit?.code ?? "none"} after ${took.toFixed(2)} s (budget ${BUDGET_S} s; summary says ${summary} s)`,
  );
  if (exit === null || took > BUDGET_S) failures.push(`${name}: SIGTERM → exit after ${took.toFixed(2)} s, budget ${BUDGET_S} s`);
}

for (const [name, probe] of Object.entries(probes)) if (!opts.only || opts.only === name) await run(name, probe);
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length > 0 ? 1 : 0);

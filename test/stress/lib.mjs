// Shared pieces of the stress probes: a real graced in a temp dir, its RSS, a timed status.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const GRACED = join(ROOT, "bin/graced");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const FIXTURES = join(ROOT, "test/fixtures");

/** `programs` that sleep (or the `sections` given), `supervisord` lines for [supervisord]. */
export async function startGraced({ programs = 1, sections = "", supervisord = "" } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "grace-stress-"));
  const socket = join(dir, "grace.sock");
  const progs =
    sections ||
    Array.from({ length: programs }, (_, i) => `[program:p${i}]\ncommand = sleep 100000\nstartsecs = 0\nstopwaitsecs = 2\n`).join("\n");
  const conf = join(dir, "grace.conf");
  writeFileSync(
    conf,
    `[unix_http_server]\nfile = ${socket}\n\n[supervisord]\nloglevel = info\nchildlogdir = ${dir}\n${supervisord}\n\n${progs}\n`,
  );
  const child = spawn(GRACED, ["-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (d) => {
    log = (log + d).slice(-64 * 1024); // the end is enough: the shutdown summary
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((done) => child.once("exit", (code, signal) => done({ code, signal, at: Date.now() })));
  const deadline = Date.now() + 10_000;
  while ((await request(socket, "version", {}, 1000)) === null) {
    if (Date.now() > deadline) {
      child.kill("SIGTERM"); // it stops its programs; SIGKILL would leave them behind
      throw new Error(`graced did not answer on ${socket}: ${log}`);
    }
    await sleep(50);
  }
  return { dir, socket, child, exited, log: () => log, alive: () => child.exitCode === null && child.signalCode === null };
}

/** One request over a fresh connection; resolves with the answer, or null when none came in `timeoutMs`. */
export function request(socket, method, params, timeoutMs = 1000) {
  return new Promise((done) => {
    const c = connect(socket);
    let buf = "";
    const timer = setTimeout(() => finish(null), timeoutMs);
    const finish = (v) => {
      clearTimeout(timer);
      c.destroy();
      done(v);
    };
    c.on("error", () => finish(null));
    c.on("connect", () => c.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method, params })}\n`));
    c.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl !== -1) finish(JSON.parse(buf.slice(0, nl)));
    });
  });
}

/** ms a `status` took, or null when it got no result within a second. */
export async function timedStatus(socket) {
  const t = performance.now();
  const answer = await request(socket, "status", {}, 1000);
  if (answer?.error && process.env.VERBOSE) console.log(`  status answered: ${answer.error.message}`);
  return answer?.result ? performance.now() - t : null;
}

/** ms `pid` has run on a CPU, and ms it was ready to run but waited for one (/proc/PID/schedstat). */
export function cpuMs(pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
    return { run: run / 1e6, wait: wait / 1e6 };
  } catch {
    return { run: 0, wait: 0 };
  }
}

/** Resident set size of `pid` in MiB (0 when gone). */
export function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/**
 * Sample status latency and RSS every `everyMs` until `stop()` is called; returns the worst
 * latency (null = a status went unanswered), the peak RSS and the number of samples.
 */
export function watch(g, everyMs = 250) {
  const cpu0 = cpuMs(g.child.pid);
  let worst = 0;
  let peak = 0;
  let samples = 0;
  let running = true;
  const slow = [];
  const loop = (async () => {
    while (running) {
      const ms = await timedStatus(g.socket);
      worst = ms === null || worst === null ? null : Math.max(worst, ms);
      if (ms === null || ms > 200) slow.push(ms === null ? "timeout" : ms.toFixed(0));
      peak = Math.max(peak, rssMiB(g.child.pid));
      samples++;
      await sleep(everyMs);
    }
  })();
  return async () => {
    running = false;
    await loop;
    if (process.env.VERBOSE) console.log(`  status answers over 200 ms: ${slow.join(" ") || "(none)"}`);
    const cpu1 = cpuMs(g.child.pid);
    return { worst, peak, samples, run: cpu1.run - cpu0.run, wait: cpu1.wait - cpu0.wait };
  };
}

/** Poll until RSS is within `ratio` of `base` MiB, at most `timeoutMs`; returns the last reading. */
export async function settleRss(pid, base, ratio = 1.2, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let rss = rssMiB(pid);
  while (rss > base * ratio && Date.now() < deadline) {
    await sleep(250);
    rss = rssMiB(pid);
  }
  return rss;
}

export const fmt = (ms) => (ms === null ? "NO ANSWER" : `${ms.toFixed(0)} ms`);

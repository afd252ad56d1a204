#!/usr/bin/env node
// SPEC §8: `gracectl status` (and `gracectl health`, issue 14) latency (median of ≥ 20 runs) beside `node -e 0` and
// `supervisorctl status` (supervisord 4.2.5, `-n -c` in a temp dir, the same programs), all in
// the same run, interleaved round by round so machine noise hits every command alike.
// Usage: node bench/ctl-latency.mjs [RUNS=25] [PROGRAMS=5]
// `pnpm bench` imports measureLatency (scenario ctl-status).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMain, sleep } from "./lib/main.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function setUp(dir, programCount, daemonKinds) {
  const programs = Array.from({ length: programCount }, (_, i) => `[program:p${i}]\ncommand = sleep 100000\nstartsecs = 0\n`).join("\n");
  const graceConf = join(dir, "grace.conf");
  writeFileSync(graceConf, `[unix_http_server]\nfile = ${dir}/grace.sock\n\n[supervisord]\nloglevel = warn\n\n${programs}`);
  const superConf = join(dir, "supervisord.conf");
  writeFileSync(
    superConf,
    `[unix_http_server]\nfile = ${dir}/super.sock\n\n[supervisord]\nlogfile = ${dir}/supervisord.log\npidfile = ${dir}/supervisord.pid\nchildlogdir = ${dir}\n\n` +
      `[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n` +
      `[supervisorctl]\nserverurl = unix://${dir}/super.sock\n\n${programs}`,
  );
  const daemons = [];
  const commands = [{ label: "node -e 0", file: process.execPath, args: ["-e", "0"] }];
  if (daemonKinds.includes("grace")) {
    daemons.push(spawn(join(ROOT, "bin/graced"), ["-c", graceConf], { stdio: "ignore" }));
    const ctl = [join(ROOT, "bin/gracectl"), "-c", graceConf];
    commands.push({ label: "gracectl status", file: process.execPath, args: [...ctl, "status"] });
    commands.push({ label: "gracectl --json status", file: process.execPath, args: [...ctl, "--json", "status"] });
    commands.push({ label: "gracectl health", file: process.execPath, args: [...ctl, "health"] });
    // the floor under any Node client: connect, one request, the answer printed as it came
    const raw = [join(ROOT, "bench/fixtures/raw-rpc.cjs"), join(dir, "grace.sock"), "health"];
    commands.push({ label: "bare socket client", file: process.execPath, args: [...raw, '{"names":[],"ready":false}'] });
  }
  if (daemonKinds.includes("supervisord")) {
    daemons.push(spawn("supervisord", ["-n", "-c", superConf], { stdio: "ignore", cwd: dir }));
    commands.push({ label: "supervisorctl status", file: "supervisorctl", args: ["-c", superConf, "status"] });
  }
  return { graceConf, daemons, commands };
}

function run(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.file, c.args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, ok: r.status === 0, out: r.stdout + r.stderr };
}

async function waitAllRunning(commands, programCount, deadlineMs = 15_000) {
  const end = Date.now() + deadlineMs;
  for (const c of commands.slice(1).filter((c) => c.label.endsWith("status"))) {
    for (;;) {
      const r = run(c);
      if (r.ok && (r.out.match(/RUNNING/g) ?? []).length === programCount) break;
      if (Date.now() > end) throw new Error(`${c.label} never showed ${programCount} RUNNING:\n${r.out}`);
      await sleep(100);
    }
  }
}

/**
 * Which bundle files a run reads (bin/gracectl reads each it loads): plain `status` must read
 * only gracectl.cjs, the quick path, never the whole CLI nor the terminal renderers.
 */
function loadedBundles(dir, args, env = {}) {
  const hook = join(dir, "hook.cjs");
  writeFileSync(
    hook,
    'const fs = require("node:fs"); const read = fs.readFileSync; fs.readFileSync = function (f, ...a) { if (typeof f === "string" && /gracectl[^/]*\\.cjs$/.test(f)) process.stderr.write("LOADED " + f + "\\n"); return read.call(this, f, ...a); };',
  );
  const r = spawnSync(process.execPath, ["-r", hook, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return [...r.stderr.matchAll(/^LOADED .*\/(gracectl[^/\n]*)$/gm)].map((m) => m[1]).join(", ");
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * Every command `runs` times, interleaved round by round so machine noise hits each alike:
 * Map(label → [ms…]) for node -e 0, gracectl status (plain and --json) and supervisorctl status.
 * `inspect(graceConf, dir)` runs while the daemons are still up (the CLI's bundle check).
 */
export async function measureLatency({ runs = 25, programs = 5, daemons = ["grace", "supervisord"], inspect } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "grace-bench-ctl-"));
  const setup = setUp(dir, programs, daemons);
  try {
    await waitAllRunning(setup.commands, programs);
    const times = new Map(setup.commands.map((c) => [c.label, []]));
    for (const c of setup.commands) run(c); // warm the page cache once
    for (let i = 0; i < runs; i++) {
      for (const c of setup.commands) {
        const r = run(c);
        if (!r.ok) throw new Error(`${c.label} failed:\n${r.out}`);
        times.get(c.label).push(r.ms);
      }
    }
    return { times, extra: inspect?.(setup.graceConf, dir) };
  } finally {
    for (const d of setup.daemons) d.kill("SIGTERM");
    await Promise.all(setup.daemons.map((d) => new Promise((res) => (d.exitCode !== null ? res() : d.once("exit", res)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const RUNS = Number(process.argv[2] ?? 25);
  const PROGRAMS = Number(process.argv[3] ?? 5);
  const bundles = (graceConf, dir) => {
    const ctlArgs = [join(ROOT, "bin/gracectl"), "-c", graceConf, "status"];
    const read = (env) => loadedBundles(dir, ctlArgs, env) || "none";
    return `bundles read: plain status ${read({ NO_COLOR: "1" })}; FORCE_COLOR=1 status ${read({ FORCE_COLOR: "1" })}`;
  };
  const { times, extra } = await measureLatency({ runs: RUNS, programs: PROGRAMS, inspect: bundles });
  const base = quantile(times.get("node -e 0"), 0.5);
  const cpu = cpus();
  console.log(`# gracectl status latency — ${new Date().toISOString()}`);
  console.log(
    `# ${cpu.length} × ${cpu[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${PROGRAMS} programs, ${RUNS} runs each`,
  );
  console.log("| command | median ms | p90 ms | min ms | median − node -e 0 |");
  console.log("|---|---|---|---|---|");
  for (const [label, xs] of times) {
    const med = quantile(xs, 0.5);
    const row = [
      label,
      med.toFixed(1),
      quantile(xs, 0.9).toFixed(1),
      Math.min(...xs).toFixed(1),
      `${med - base >= 0 ? "+" : ""}${(med - base).toFixed(1)}`,
    ];
    console.log(`| ${row.join(" | ")} |`);
  }
  console.log(`\n${extra}`);
  for (const label of ["gracectl status", "gracectl health"]) {
    const grace = quantile(times.get(label), 0.5);
    console.log(`target: ${label} ≤ node -e 0 + 15 ms → ${grace - base <= 15 ? "met" : "NOT met"} (+${(grace - base).toFixed(1)} ms)`);
  }
}

if (isMain(import.meta.url)) await main();

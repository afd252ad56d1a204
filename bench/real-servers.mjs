#!/usr/bin/env node
// Real servers (postgres, redis behind `sh -c` without exec, nginx, php-fpm) under graced and
// under supervisord 4.2.5, each as PID 1 of a PID namespace, stopped as `docker stop` does:
// SIGTERM to PID 1, SIGKILL after 10 s. A 2 s PHP request is in flight when SIGTERM goes out.
// Prints, per daemon: time from SIGTERM to exit, exit code, whether docker's SIGKILL was
// needed, which servers wrote their own clean-stop line, postgres's cluster state, the
// in-flight request's answer, and what the daemon itself logged as killed.
// Usage: node bench/real-servers.mjs [--only grace|supervisord] [--reps N] [--keep (the temp dirs)]
// Needs root, `pnpm build` (it uses test/dist/helpers), sh test/servers/install.sh, and
// supervisord on PATH (apt-get install supervisor) for its half.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const helpers = (name) => import(join(ROOT, "test/dist/helpers", name));
const { findServers, prepareServers } = await helpers("servers.js");
const { clusterState, httpGet, waitServersUp } = await helpers("server-clients.js");
const { childrenOf, onlyChildOf } = await helpers("namespace.js");
const { waitUntil } = await helpers("wait.js");
const GRACED = join(ROOT, "bin/graced");
const DOCKER_GRACE_MS = 10_000;

const { values: opts } = parseArgs({
  options: { only: { type: "string" }, reps: { type: "string", default: "1" }, keep: { type: "boolean" } },
});
const kinds = opts.only ? [opts.only] : ["grace", "supervisord"];
const bins = findServers();
if ("missing" in bins) throw new Error(`missing ${bins.missing.join(", ")}: run sh test/servers/install.sh as root`);

/** The daemon's config (supervisord's format, which both read) and its command line. */
function daemonSetup(kind, set) {
  const dir = set.paths.dir;
  const conf = join(dir, `${kind}.conf`);
  const log = join(dir, `${kind}.log`);
  writeFileSync(
    conf,
    [
      `[supervisord]\nnodaemon = true\nlogfile = ${log}\npidfile = ${dir}/${kind}.pid\nchildlogdir = ${dir}\n`,
      `[unix_http_server]\nfile = ${dir}/${kind}.sock\n`,
      "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
      set.programs,
    ].join("\n"),
  );
  const argv = kind === "grace" ? [process.execPath, GRACED, "-c", conf] : ["supervisord", "-n", "-c", conf];
  return { argv, log };
}

async function stopOnce(kind) {
  const set = await prepareServers(bins);
  const { argv, log } = daemonSetup(kind, set);
  const ns = spawn("unshare", ["--pid", "--fork", "--mount-proc", ...argv], { stdio: "ignore" });
  const exited = new Promise((r) => ns.once("exit", (code, signal) => r({ code, signal })));
  const pid1 = await waitUntil("PID 1", () => onlyChildOf(ns.pid), 10_000);
  await waitServersUp(set);
  // supervisord counts a program as started after startsecs (1 s): let both settle alike
  await waitUntil("every program RUNNING", () => (childrenOf(pid1).length >= 4 ? true : undefined), 10_000);
  await new Promise((r) => setTimeout(r, 1200));

  const slow = httpGet(set.paths.nginxSocket, "/slow.php").catch((e) => ({ status: 0, body: e.message }));
  await waitUntil("slow.php to be running", () => (existsSync(set.paths.phpStarted) ? true : undefined), 10_000);
  const sent = Date.now();
  process.kill(pid1, "SIGTERM");
  let dockerKilled = false;
  const docker = setTimeout(() => {
    dockerKilled = true;
    process.kill(pid1, "SIGKILL");
  }, DOCKER_GRACE_MS);
  const { code, signal } = await exited;
  const ms = Date.now() - sent;
  clearTimeout(docker);

  const answer = await slow;
  const unclean = set.cleanStops.filter(({ log: l, line }) => !existsSync(l) || !line.test(readFileSync(l, "utf8"))).map((s) => s.name);
  const daemonLog = existsSync(log) ? readFileSync(log, "utf8") : "";
  const killed = [...daemonLog.matchAll(/(?:killing '([\w-]+)'.*SIGKILL|shutdown: ([\w-]+) killed with SIGKILL)/g)].map(
    (m) => m[1] ?? m[2],
  );
  const state = await clusterState(set);
  if (opts.keep) console.log(`# ${kind}: files kept in ${set.paths.dir}`);
  else rmSync(set.paths.dir, { recursive: true, force: true });
  return { kind, ms, exit: signal ?? code, dockerKilled, unclean, state, answer, killed };
}

const results = [];
for (const kind of kinds) for (let i = 0; i < Number(opts.reps); i++) results.push(await stopOnce(kind));

const header = [
  "daemon",
  "SIGTERM → exit",
  "exit",
  "docker SIGKILL",
  "clean stop (own log)",
  "postgres state",
  "in-flight request",
  "daemon SIGKILLed",
];
const rows = results.map((r) => [
  r.kind,
  `${(r.ms / 1000).toFixed(2)} s`,
  String(r.exit),
  r.dockerKilled ? "yes" : "no",
  r.unclean.length === 0 ? "4/4" : `${4 - r.unclean.length}/4 (not ${r.unclean.join(", ")})`,
  r.state,
  `${r.answer.status}${r.answer.status === 200 ? "" : ` ${r.answer.body.trim().slice(0, 30)}`}`,
  r.killed.length > 0 ? r.killed.join(", ") : "none",
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(`# real servers bench, ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line(r));

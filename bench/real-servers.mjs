#!/usr/bin/env node
// Real servers (postgres, redis behind `sh -c` without exec, nginx, php-fpm) under graced and
// under supervisord 4.2.5, each as PID 1 of a PID namespace, stopped as `docker stop` does:
// SIGTERM to PID 1, SIGKILL after 10 s. A 2 s PHP request is in flight when SIGTERM goes out.
// Prints, per daemon: time from SIGTERM to exit, exit code, whether docker's SIGKILL was
// needed, which servers wrote their own clean-stop line, postgres's cluster state, the
// in-flight request's answer, and what the daemon itself logged as killed.
// A run of it alone: bench/results/history/real-servers-2026-12-01.txt.
// Usage: node bench/real-servers.mjs [--only grace|supervisord] [--reps N] [--keep (the temp dirs)]
// Needs root, `pnpm build` (it uses test/dist/helpers), sh test/servers/install.sh, and
// supervisord on PATH (apt-get install supervisor) for its half.
// `pnpm bench` imports realServersNeeds and stopOnce (scenario real-servers).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMain } from "./lib/main.mjs";
import { needsRootAndUnshare } from "./lib/needs.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HELPERS = join(ROOT, "test/dist/helpers");
const helpers = (name) => import(join(HELPERS, name));
const GRACED = join(ROOT, "bin/graced");
const DOCKER_GRACE_MS = 10_000;

/** Why the servers cannot be run here, or undefined. */
export async function realServersNeeds() {
  const root = needsRootAndUnshare();
  if (root) return root;
  if (!existsSync(join(HELPERS, "servers.js"))) return "needs `pnpm build` (it runs on test/dist/helpers)";
  const { findServers } = await helpers("servers.js");
  const bins = findServers();
  return "missing" in bins ? `needs ${bins.missing.join(", ")} (sh test/servers/install.sh)` : undefined;
}

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
  const argv = kind === "grace" ? [GRACED, "-c", conf] : ["supervisord", "-n", "-c", conf];
  return { argv, log };
}

/** Start the servers under the namespace's PID 1, put a request in flight, SIGTERM PID 1 as docker stop does. */
async function sigtermWithRequest(ns, exited, set, h) {
  const pid1 = await h.waitUntil("PID 1", () => h.onlyChildOf(ns.pid), 10_000);
  await h.waitServersUp(set);
  // supervisord counts a program as started after startsecs (1 s): let both settle alike
  await h.waitUntil("every program RUNNING", () => (h.childrenOf(pid1).length >= 4 ? true : undefined), 10_000);
  await new Promise((r) => setTimeout(r, 1200));

  const slow = h.httpGet(set.paths.nginxSocket, "/slow.php").catch((e) => ({ status: 0, body: e.message }));
  await h.waitUntil("slow.php to be running", () => (existsSync(set.paths.phpStarted) ? true : undefined), 10_000);
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
  return { ms, exit: signal ?? code, dockerKilled, answer: await slow };
}

/** One stop of the four servers under `kind` ("grace" or "supervisord"); `keep`: leave the temp dirs. */
export async function stopOnce(kind, keep = false) {
  const { findServers, prepareServers } = await helpers("servers.js");
  const { clusterState, httpGet, waitServersUp } = await helpers("server-clients.js");
  const { childrenOf, onlyChildOf } = await helpers("namespace.js");
  const { waitUntil } = await helpers("wait.js");
  const bins = findServers();
  if ("missing" in bins) throw new Error(`missing ${bins.missing.join(", ")}: run sh test/servers/install.sh as root`);
  const set = await prepareServers(bins);
  const { argv, log } = daemonSetup(kind, set);
  // --kill-child: should this script die, the kernel ends the namespace's PID 1, and with it the rest
  const ns = spawn("unshare", ["--pid", "--fork", "--kill-child", "--mount-proc", ...argv], { stdio: "ignore" });
  const exited = new Promise((r) => ns.once("exit", (code, signal) => r({ code, signal })));
  let stopped;
  try {
    stopped = await sigtermWithRequest(ns, exited, set, { waitUntil, onlyChildOf, childrenOf, waitServersUp, httpGet });
  } finally {
    // on a failure: SIGKILL to unshare makes --kill-child end PID 1, which ends the whole namespace
    if (ns.exitCode === null && ns.signalCode === null) ns.kill("SIGKILL");
    await exited;
  }
  const unclean = set.cleanStops.filter(({ log: l, line }) => !existsSync(l) || !line.test(readFileSync(l, "utf8"))).map((s) => s.name);
  const daemonLog = existsSync(log) ? readFileSync(log, "utf8") : "";
  const killed = [...daemonLog.matchAll(/(?:killing '([\w-]+)'.*SIGKILL|shutdown: ([\w-]+) killed with SIGKILL)/g)].map(
    (m) => m[1] ?? m[2],
  );
  const state = await clusterState(set);
  if (keep) console.log(`# ${kind}: files kept in ${set.paths.dir}`);
  else rmSync(set.paths.dir, { recursive: true, force: true });
  return { kind, ...stopped, unclean, state, killed };
}

async function main() {
  const { values: opts } = parseArgs({
    options: { only: { type: "string" }, reps: { type: "string", default: "1" }, keep: { type: "boolean" } },
  });
  const kinds = opts.only ? [opts.only] : ["grace", "supervisord"];
  const results = [];
  for (const kind of kinds) for (let i = 0; i < Number(opts.reps); i++) results.push(await stopOnce(kind, opts.keep));

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
  console.log(`# ${(await versions(kinds)).join("; ")}`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
  if (results.some((r) => r.unclean.length > 0)) {
    console.log("# a server not cleanly stopped never wrote its clean-stop line: it was still running when PID 1");
    console.log("# exited, and the kernel SIGKILLed it with the namespace (for redis: no final RDB snapshot)");
  }
}

/** First line each tool prints about its version (nginx prints it on stderr). */
async function versions(kinds) {
  const { findServers } = await helpers("servers.js");
  const bins = findServers();
  const version = (cmd, args) => {
    const { stdout, stderr } = spawnSync(cmd, args, { encoding: "utf8" });
    return `${stdout}${stderr}`.trim().split("\n")[0];
  };
  return [
    kinds.includes("supervisord") ? `supervisord ${version("supervisord", ["--version"])}` : "",
    version(bins.postgres, ["--version"]),
    version(bins.nginx, ["-v"]),
    version(bins.redis, ["--version"]).replace(/ sha=.*/, ""),
    version(bins.phpFpm, ["--version"]).replace(/ \(built.*/, ""),
  ].filter(Boolean);
}

if (isMain(import.meta.url)) await main();

#!/usr/bin/env node
// `pnpm bench`: every scenario of bench/scenarios/ against graced and supervisord 4.2.5 (Debian's
// `supervisor`, installed with apt-get when missing), each figure repeated, the daemons taking
// turns within a run, each run started once the machine is quiet (lib/machine.mjs waitForQuiet).
// A full run writes bench/results/latest.md and copies its table into the README between the
// bench markers; a partial one (--only, or fewer than 3 runs) only prints.
//
//   pnpm bench                               every scenario, 3 runs
//   pnpm bench -- --only shutdown --runs 1   scenarios whose id is or starts with "shutdown", once
//   pnpm bench -- --list                     the scenarios and what each measures
//   pnpm bench -- --all-runs                 no fewer runs anywhere (supervisord's 200-program shutdown too)
//
// A scenario is one module in bench/scenarios/ whose default export is
//   { id, order, script, title, about, daemons: ["supervisord", "grace"],
//     needs?() → reason it cannot run here | undefined (may be async),
//     prepare?() → context, once before its runs (a private dockerd, images: may be slow),
//     cleanup?(context), once after them, even when a run failed,
//     fewerRuns?: { <daemon>: N, why }, measure(daemon, context) → { figure: number, … }, rows: [row, …] }
// and a row is { label, figure, unit?, digits?, signed?, how?: "median" | "min" | "max", ratio?: false,
//   target?: { text, met(grace, supervisord) } } (see lib/report.mjs for how each becomes a cell).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { load1, machine, versions, waitForQuiet } from "./lib/machine.mjs";
import { BenchError, fewerRunsNotes, runsFor, select } from "./lib/plan.mjs";
import { latestMarkdown, README_END, README_START, readmeBlock, resultsTable, spliceBetween } from "./lib/report.mjs";
import { summarize } from "./lib/stats.mjs";
import { ensureSupervisord } from "./lib/supervisord.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const FULL_RUNS = 3;
const log = (line) => process.stderr.write(`${line}\n`);

async function loadScenarios() {
  const dir = join(import.meta.dirname, "scenarios");
  const files = readdirSync(dir).filter((f) => f.endsWith(".mjs"));
  const all = await Promise.all(files.map(async (f) => (await import(join(dir, f))).default));
  return all.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const brief = (figures) =>
  Object.entries(figures)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`)
    .join(", ");

/**
 * Every run of one scenario: { scenario, rows: [{ row, values, grace, supervisord }], wallMs }, or
 * { scenario, skipped } when it cannot run here, or { scenario, skipped, failed: true } when a run threw
 * (the rest of the bench still runs; the table says which failed).
 */
async function runScenario(scenario, runs, allRuns) {
  const skipped = await scenario.needs?.();
  if (skipped) {
    log(`[${scenario.id}] skipped: ${skipped}`);
    return { scenario, skipped: `skipped: ${skipped}` };
  }
  let context;
  try {
    context = await scenario.prepare?.();
    return await runEach(scenario, runs, allRuns, context);
  } catch (err) {
    log(`[${scenario.id}] failed: ${err.stack}`);
    return { scenario, skipped: `failed: ${err.message.split("\n")[0]}`, failed: true };
  } finally {
    await scenario.cleanup?.(context);
  }
}

async function runEach(scenario, runs, allRuns, context) {
  const t0 = Date.now();
  const values = Object.fromEntries(scenario.daemons.map((d) => [d, []]));
  for (let i = 0; i < runs; i++) {
    for (const daemon of scenario.daemons) {
      const n = runsFor(scenario, daemon, runs, allRuns);
      if (i >= n) continue;
      // every run starts on a quiet machine: the run before may leave work behind
      const quiet = await waitForQuiet();
      if (quiet.waitedMs > 1000)
        log(`[${scenario.id}] waited ${seconds(quiet.waitedMs)} for a quiet machine (last 0.5 s: ${(quiet.busy * 100).toFixed(0)}% busy)`);
      const t = Date.now();
      const figures = await scenario.measure(daemon, context);
      values[daemon].push(figures);
      log(`[${scenario.id}] ${daemon} run ${i + 1}/${n}: ${brief(figures)} (${seconds(Date.now() - t)})`);
    }
  }
  const rows = scenario.rows.map((row) => {
    // a figure one daemon does not have (graced's part of a dependency chain) leaves its cell empty
    const of = (d) => values[d]?.map((f) => f[row.figure]).filter((x) => x !== undefined);
    const v = { grace: of("grace"), supervisord: of("supervisord") };
    return {
      row,
      values: v,
      grace: v.grace && summarize(v.grace, row.how),
      supervisord: v.supervisord && summarize(v.supervisord, row.how),
    };
  });
  return { scenario, rows, wallMs: Date.now() - t0, loadEnd: load1() };
}

async function main() {
  const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
  const { values: opts } = parseArgs({
    args: argv,
    options: {
      only: { type: "string" },
      runs: { type: "string", default: String(FULL_RUNS) },
      "all-runs": { type: "boolean", default: false },
      list: { type: "boolean", default: false },
    },
  });
  const scenarios = await loadScenarios();
  if (opts.list) {
    for (const s of scenarios) console.log(`${s.id.padEnd(16)} bench/${s.script}: ${s.about}`);
    return 0;
  }
  const runs = Number(opts.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new BenchError(`--runs: expected a whole number ≥ 1, got "${opts.runs}"`);
  const selected = select(scenarios, opts.only);
  const full = !opts.only && runs >= FULL_RUNS;

  if (selected.some((s) => s.daemons.includes("supervisord"))) ensureSupervisord(log);
  const t0 = Date.now();
  const loadStart = load1();
  const results = [];
  for (const s of selected) results.push(await runScenario(s, runs, opts["all-runs"]));
  const loadEnd = load1();
  const info = {
    date: new Date(t0).toISOString().replace(/\.\d+Z$/, "Z"),
    wallMs: Date.now() - t0,
    machine: machine(),
    versions: versions(ROOT),
    load: { start: loadStart, end: loadEnd, max: Math.max(loadStart, loadEnd, ...results.map((r) => r.loadEnd ?? 0)) },
    runsAsked: runs,
    fewerRuns: fewerRunsNotes(selected, runs, opts["all-runs"]),
  };
  const table = resultsTable(results, runs);
  const latest = latestMarkdown(info, results, table);
  const failed = results.filter((r) => r.failed).map((r) => r.scenario.id);
  if (!full || failed.length > 0) {
    console.log(latest);
    const why = failed.length > 0 ? `${failed.join(", ")} failed` : "a partial run (--only, or fewer than 3 runs)";
    log(`${why}: bench/results/latest.md and the README are left as they were`);
    return failed.length > 0 ? 1 : 0;
  }
  writeFileSync(join(ROOT, "bench/results/latest.md"), latest);
  const readmePath = join(ROOT, "README.md");
  writeFileSync(readmePath, spliceBetween(readFileSync(readmePath, "utf8"), README_START, README_END, readmeBlock(info, table)));
  console.log(table);
  log(`wrote bench/results/latest.md and the README's benchmark table (${seconds(info.wallMs)} in all)`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  const usage = err instanceof BenchError || err.code?.startsWith("ERR_PARSE_ARGS");
  log(`pnpm bench: ${usage ? err.message : err.stack}`);
  process.exitCode = usage ? 2 : 1;
}

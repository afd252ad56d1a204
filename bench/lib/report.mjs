// bench/results/latest.md and the README's copy of its table, as strings built from the
// figures: pure, so the layout is tested as data (report.test.mjs).
import { ratio } from "./stats.mjs";

export const README_START = "<!-- bench:start — written by `pnpm bench` from bench/results/latest.md; edits here are overwritten -->";
export const README_END = "<!-- bench:end -->";

const num = (v, digits) => v.toFixed(digits);

/** One daemon's cell: "1.04 s (1.02–1.07)", "+0.01 s", "0", "201.93 s (1 run)", or "—". */
export function formatCell(summary, row, runsAsked) {
  if (!summary) return "—";
  const digits = row.digits ?? 0;
  const sign = row.signed && summary.value >= 0 ? "+" : "";
  let text = `${sign}${num(summary.value, digits)}${row.unit ? ` ${row.unit}` : ""}`;
  if (summary.how === "median" && summary.n > 1) text += ` (${num(summary.min, digits)}–${num(summary.max, digits)})`;
  if (summary.n === 1 && runsAsked > 1) text += " (1 run)";
  return text;
}

/** grace ÷ supervisord: "0.10×", "1.74×", "0.0062×"; "—" where a ratio means nothing. */
export function formatRatio(r) {
  if (r === undefined || !Number.isFinite(r)) return "—";
  if (r >= 10) return `${r.toFixed(0)}×`;
  if (r >= 1) return `${r.toFixed(2)}×`;
  return `${r.toPrecision(2)}×`;
}

/** A row's target and whether grace met it; met(grace, supervisord) gets supervisord's figure (or undefined) for targets relative to it. */
function targetCell(row, grace, supervisord) {
  if (!row.target) return "—";
  if (!grace) return row.target.text;
  return `${row.target.text}: ${row.target.met(grace.value, supervisord?.value) ? "met" : "NOT met"}`;
}

/** A Markdown table padded the way Biome formats one, so `pnpm lint` accepts the files as written; a "|" in a cell is escaped. */
export function markdownTable(header, body) {
  const rows = body.map((r) => r.map((c) => c.replaceAll("|", "\\|")));
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * The results table. `results`: [{ scenario, rows: [{ row, grace, supervisord }] }, or { scenario, skipped }
 * with the words for the supervisord cell ("skipped: needs root")]; grace/supervisord are summaries
 * (stats.mjs) or undefined.
 */
export function resultsTable(results, runsAsked) {
  const lines = [];
  for (const { scenario, rows, skipped } of results) {
    if (skipped) {
      lines.push([`${scenario.title} (\`${scenario.id}\`)`, skipped, "—", "—", "—"]);
      continue;
    }
    rows.forEach(({ row, grace, supervisord }, i) => {
      const label = i === 0 ? `${row.label} (\`${scenario.id}\`)` : row.label;
      const r = row.ratio === false ? undefined : ratio(grace?.value, supervisord?.value);
      lines.push([
        label,
        formatCell(supervisord, row, runsAsked),
        formatCell(grace, row, runsAsked),
        formatRatio(r),
        targetCell(row, grace, supervisord),
      ]);
    });
  }
  return markdownTable(["scenario", "supervisord", "grace", "ratio", "target (SPEC §8)"], lines);
}

export const RATIO_LEGEND =
  "ratio: grace ÷ supervisord, of the medians. For times and memory below 1 means grace takes less; " +
  "for MB/s above 1 means grace moves more. A cell is the median of the runs with the lowest and highest run in brackets; " +
  "rows marked (worst run) show the worst of the runs.";

const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};

/** The lines above the table: when, where, which versions, how many runs. */
export function summaryLines(info) {
  const { machine, versions, load, runsAsked, fewerRuns } = info;
  const lines = [
    `- **Date**: ${info.date}; the whole run took ${minutes(info.wallMs)}.`,
    `- **Machine**: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory; ${machine.os}, Linux ${machine.kernel}.`,
    `- **Load average** (1 min): ${load.start.toFixed(2)} at the start, ${load.end.toFixed(2)} at the end.`,
  ];
  if (load.max > machine.cores) {
    lines.push(
      `- **Busy machine**: the load average reached ${load.max.toFixed(1)} on ${machine.cores} cores, so every figure is slower ` +
        "than on a quiet machine; compare grace with supervisord within this run only.",
    );
  }
  lines.push(
    `- **Versions**: Node ${versions.node}, grace ${versions.grace}, supervisord ${versions.supervisord}.`,
    `- **Runs**: ${runsAsked} of each figure, grace and supervisord taking turns.`,
  );
  for (const f of fewerRuns) lines.push(`- **Fewer runs**: ${f}`);
  return lines.join("\n");
}

/** The README's copy: the summary, the table, the legend. */
export function readmeBlock(info, table) {
  return [`From \`bench/results/latest.md\`:`, "", summaryLines(info), "", table, "", RATIO_LEGEND].join("\n");
}

/** Every run's value of every figure, for whoever doubts a median. */
export function rawRuns(results) {
  const out = [];
  for (const { scenario, rows, skipped } of results) {
    if (skipped) continue;
    for (const { row, values } of rows) {
      const list = (vs) => (vs?.length ? vs.map((v) => num(v, row.digits ?? 0)).join(", ") : "—");
      out.push(
        `- \`${scenario.id}\` ${row.label}${row.unit ? ` (${row.unit})` : ""}: supervisord ${list(values.supervisord)}; grace ${list(values.grace)}`,
      );
    }
  }
  return out.join("\n");
}

/** The whole of bench/results/latest.md. */
export function latestMarkdown(info, results, table) {
  const took = ({ wallMs, loadEnd }) =>
    wallMs === undefined ? "" : `, ${minutes(wallMs)} in this run, load ${loadEnd.toFixed(1)} at its end`;
  const notes = results.map((r) => `- \`${r.scenario.id}\` (\`bench/${r.scenario.script}\`${took(r)}): ${r.scenario.about}`).join("\n");
  return [
    "# Benchmark results: grace beside supervisord",
    "",
    "Written by `pnpm bench` (`bench/run.mjs`); the README's benchmark table is a copy of the table below.",
    "",
    summaryLines(info),
    "",
    table,
    "",
    RATIO_LEGEND,
    "",
    "## What each scenario measures",
    "",
    notes,
    "",
    "## Every run",
    "",
    rawRuns(results),
    "",
  ].join("\n");
}

/** `text` with what stands between the two markers replaced by `block`. */
export function spliceBetween(text, start, end, block) {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`the markers ${JSON.stringify(start)} … ${JSON.stringify(end)} are missing or out of order`);
  return `${text.slice(0, a + start.length)}\n\n${block}\n\n${text.slice(b)}`;
}

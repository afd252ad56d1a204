import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCell, formatRatio, markdownTable, README_END, README_START, resultsTable, spliceBetween, summaryLines } from "./report.mjs";
import { summarize } from "./stats.mjs";

const seconds = { label: "stop", figure: "s", unit: "s", digits: 2 };

test("a cell shows the median with the range, or the worst run, or says it ran once", () => {
  const cases = [
    [summarize([1.04, 1.02, 1.07]), seconds, 3, "1.04 s (1.02–1.07)"],
    [summarize([201.93]), seconds, 3, "201.93 s (1 run)"],
    [summarize([201.93]), seconds, 1, "201.93 s"],
    [summarize([0.01, 0.02, 0.01]), { ...seconds, signed: true }, 3, "+0.01 s (0.01–0.02)"],
    [summarize([0, 2, 0], "max"), { label: "lost", figure: "bad" }, 3, "2"],
    [summarize([56.84, 57.1, 56.6]), { label: "rss", unit: "MB", digits: 1 }, 3, "56.8 MB (56.6–57.1)"],
    [undefined, seconds, 3, "—"],
  ];
  for (const [summary, row, runs, want] of cases) assert.equal(formatCell(summary, row, runs), want);
});

test("a ratio keeps two significant digits below 1", () => {
  const cases = [
    [0.0062, "0.0062×"],
    [0.0977, "0.098×"],
    [0.97, "0.97×"],
    [1.744, "1.74×"],
    [161.5, "162×"],
    [undefined, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ];
  for (const [r, want] of cases) assert.equal(formatRatio(r), want, String(r));
});

test("a table is padded as Biome pads it and escapes a | inside a cell", () => {
  const table = markdownTable(["a", "bb"], [["`name | line`", "d"]]);
  assert.equal(table, ["| a              | bb  |", "| -------------- | --- |", "| `name \\| line` | d   |"].join("\n"));
});

test("the results table has a ratio and a verdict per row, and one line per skipped scenario", () => {
  const scenario = { id: "shutdown-10", title: "SIGTERM" };
  const row = { ...seconds, label: "SIGTERM → exit", target: { text: "≤ 1.2 s", met: (v) => v <= 1.2 } };
  const table = resultsTable(
    [
      { scenario, rows: [{ row, grace: summarize([1.0, 1.1, 1.05]), supervisord: summarize([10.5]) }] },
      { scenario: { id: "docker-stop", title: "docker stop" }, skipped: "skipped: needs dockerd" },
    ],
    3,
  );
  const lines = table.split("\n");
  assert.equal(lines.length, 4);
  assert.match(
    lines[2],
    /^\| SIGTERM → exit \(`shutdown-10`\) +\| 10\.50 s \(1 run\) +\| 1\.05 s \(1\.00–1\.10\) +\| 0\.10× +\| ≤ 1\.2 s: met +\|$/,
  );
  assert.match(lines[3], /^\| docker stop \(`docker-stop`\) +\| skipped: needs dockerd +\| — +\| — +\| — +\|$/);
  const slow = resultsTable([{ scenario, rows: [{ row, grace: summarize([1.3]), supervisord: undefined }] }], 1);
  assert.match(slow, /\| 1\.30 s +\| — +\| ≤ 1\.2 s: NOT met \|/);
});

test("a target relative to supervisord is judged against supervisord's median of the same run", () => {
  const scenario = { id: "log-flood", title: "flood" };
  const row = {
    label: "CPU",
    figure: "cpu",
    unit: "s",
    digits: 2,
    target: { text: "≤ supervisord's", met: (g, s) => s !== undefined && g <= s },
  };
  const cell = (grace, supervisord) =>
    resultsTable([{ scenario, rows: [{ row, grace: summarize(grace), supervisord: supervisord && summarize(supervisord) }] }], 3)
      .split("\n")[2]
      .match(/≤ supervisord's: [A-Za-z ]+/)[0]
      .trim();
  assert.equal(cell([0.2, 0.3, 0.25], [0.3, 0.28, 0.31]), "≤ supervisord's: met");
  assert.equal(cell([0.35, 0.3, 0.4], [0.3, 0.28, 0.31]), "≤ supervisord's: NOT met");
  assert.equal(cell([0.2], undefined), "≤ supervisord's: NOT met");
});

test("the README's block is replaced between the markers and nowhere else", () => {
  const readme = `# x\n\n${README_START}\n\nold table\n\n${README_END}\n\n## next\n`;
  const out = spliceBetween(readme, README_START, README_END, "new table");
  assert.equal(out, `# x\n\n${README_START}\n\nnew table\n\n${README_END}\n\n## next\n`);
  assert.equal(spliceBetween(out, README_START, README_END, "new table"), out);
  assert.throws(() => spliceBetween("# x\n", README_START, README_END, "t"), /markers .* are missing/);
});

test("the summary warns when the load average went above the core count, and only then", () => {
  const info = (max) => ({
    date: "2026-12-01T20:25:44Z",
    wallMs: 125_000,
    machine: { cpu: "AMD EPYC", cores: 2, memoryGiB: "23.5", os: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1" },
    versions: { node: "v20.20.2", grace: "0.1.0 (commit abc1234)", supervisord: "4.2.5" },
    load: { start: 0.5, end: 1.5, max },
    runsAsked: 3,
    fewerRuns: [],
  });
  const busy = summaryLines(info(11.43));
  assert.match(busy, /the whole run took 2 min 5 s/);
  assert.match(busy, /- \*\*Busy machine\*\*: the load average reached 11\.4 on 2 cores/);
  assert.doesNotMatch(summaryLines(info(1.9)), /Busy machine/);
});

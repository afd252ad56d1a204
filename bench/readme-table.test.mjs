// The README's benchmark table is bench/results/latest.md's table: `pnpm bench` copies it, and
// this catches a hand edit of either, or a latest.md committed without its copy.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { README_END, README_START } from "./lib/report.mjs";

const ROOT = join(import.meta.dirname, "..");
const tableOf = (text) => text.split("\n").filter((l) => l.startsWith("| "));

test("the README's benchmark block is bench/results/latest.md's table, between the markers", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  assert.ok(start >= 0 && end > start, "README.md lacks the bench markers");
  const latest = readFileSync(join(ROOT, "bench/results/latest.md"), "utf8");
  const table = tableOf(latest);
  assert.ok(table.length > 2, "bench/results/latest.md has no table");
  assert.deepEqual(tableOf(readme.slice(start, end)), table);
});

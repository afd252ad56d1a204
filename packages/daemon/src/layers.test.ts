import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * Folders depend one way (docs/architecture.md): the import graph between the folders of
 * packages/daemon/src has no loop. The top-level files (main.ts, daemon.ts: the composition
 * root) are the folder ".". Tests are left out: a test may reach anything it needs.
 */

/** folder → folder it imports → the files whose imports make that edge. */
type FolderGraph = Map<string, Map<string, string[]>>;

const IMPORT =
  /(?:^|;|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)|^\s*import\s*["'](\.{1,2}\/[^"']+)["']/gm;

/** The relative paths a module imports or re-exports (static, side-effect and dynamic imports). */
function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** The first folder of a path inside src, "." for a top-level file. */
const folderOf = (file: string): string => (file.includes("/") ? file.slice(0, file.indexOf("/")) : ".");

function sourceFiles(dir: string, under = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, under), { withFileTypes: true })) {
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...sourceFiles(dir, path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

function folderGraph(src: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    for (const spec of importsOf(readFileSync(join(src, file), "utf8"))) {
      const target = relative(src, normalize(join(src, dirname(file), spec)));
      const to = folderOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), file]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** A loop in the graph as the folders along it (first = last), or null when there is none. */
function findCycle(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return null;
    path.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, vs]) => [k, new Map(vs.map((v) => [v, []]))]));

describe("findCycle", () => {
  const cases: [string, Record<string, string[]>, string[] | null][] = [
    ["a chain has none", { ".": ["rpc", "engine"], rpc: ["engine"], engine: ["process"] }, null],
    ["a diamond has none", { a: ["b", "c"], b: ["d"], c: ["d"] }, null],
    ["two folders importing each other", { logs: ["process"], process: ["logs"] }, ["logs", "process", "logs"]],
    ["a loop through the root", { ".": ["rpc"], rpc: ["engine", "."] }, [".", "rpc", "."]],
    ["a longer loop", { a: ["b"], b: ["c"], c: ["a"], d: ["a"] }, ["a", "b", "c", "a"]],
  ];
  for (const [name, edges, expected] of cases) it(name, () => assert.deepEqual(findCycle(g(edges)), expected));
});

describe("importsOf", () => {
  it("finds static, multi-line, type-only, re-exported, side-effect and dynamic imports, not packages", () => {
    const text = [
      'import { a } from "./a.js";',
      "import {\n  b,\n  type C,\n} from '../b/c.js';",
      'import type { D } from "../d/d.js";',
      'export { e } from "./e.js";',
      'import "./side.js";',
      'const f = await import("../f/f.js");',
      'import { g } from "@grace/protocol";',
      'import { h } from "node:fs";',
    ].join("\n");
    assert.deepEqual(importsOf(text).sort(), ["../b/c.js", "../d/d.js", "../f/f.js", "./a.js", "./e.js", "./side.js"]);
  });
});

describe("the folders of packages/daemon/src", () => {
  it("import one another without a loop", () => {
    // dist/layers.test.js → src/
    const src = fileURLToPath(new URL("../src", import.meta.url));
    const graph = folderGraph(src);
    assert.ok(graph.size > 3, `no imports found under ${src}`);
    const cycle = findCycle(graph);
    const why = (cycle ?? []).slice(1).map(
      (to, i) =>
        `${cycle?.[i]} → ${to} (${graph
          .get(cycle?.[i] ?? "")
          ?.get(to)
          ?.join(", ")})`,
    );
    assert.equal(cycle, null, `folders import each other in a loop:\n  ${why.join("\n  ")}`);
  });
});

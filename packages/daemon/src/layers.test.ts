import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findCycles } from "./config/dep-cycles.js";

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

describe("importsOf", () => {
  it("finds static, multi-line, type-only, re-exported, side-effect and dynamic imports, not packages", () => {
    const text = `import { a } from "./a.js";
import {
  b,
  type C,
} from '../b/c.js';
import type { D } from "../d/d.js";
export { e } from "./e.js";
import "./side.js";
const f = await import("../f/f.js");
import { g } from "@grace/protocol";
import { h } from "node:fs";`;
    assert.deepEqual(importsOf(text).sort(), ["../b/c.js", "../d/d.js", "../f/f.js", "./a.js", "./e.js", "./side.js"]);
  });
});

describe("the folders of packages/daemon/src", () => {
  it("import one another without a loop", () => {
    // dist/layers.test.js → src/
    const src = fileURLToPath(new URL("../src", import.meta.url));
    const graph = folderGraph(src);
    assert.ok(graph.size > 3, `no imports found under ${src}`);
    const folders = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((edges) => [...edges.keys()])])].sort();
    const loops = findCycles(folders, (folder) => [...(graph.get(folder)?.keys() ?? [])]);
    const why = loops.map((loop) =>
      loop
        .slice(1)
        .map(
          (to, i) =>
            `${loop[i]} → ${to} (${graph
              .get(loop[i] ?? "")
              ?.get(to)
              ?.join(", ")})`,
        )
        .join("; "),
    );
    assert.deepEqual(why, [], "folders import each other in a loop");
  });
});

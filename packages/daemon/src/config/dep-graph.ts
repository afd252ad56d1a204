import type { Dependency, GroupConfig, ProgramConfig } from "./model.js";

/**
 * The dependency graph of a config's processes (issue 14), pure data. A process is known by its
 * id `group:name` (unique in a loaded config). Each `depends_on` entry names a program, a group
 * or one process; it is met when every process it names meets its condition, so an edge keeps
 * the whole list. The lists are shared per name and reverse edges are derived on demand: a
 * group of 2,000 depending on another of 2,000 costs two lists, not four million pairs.
 */
export type Edge = { dep: Dependency; on: readonly string[] };

export const idOf = (p: Pick<ProgramConfig, "group" | "name">): string => `${p.group}:${p.name}`;

export class DepGraph {
  /** Every process, by id, in config order. */
  readonly processes = new Map<string, ProgramConfig>();
  /** Entries that name nothing in the config, for `--check`. */
  readonly unresolved: { id: string; dep: Dependency }[] = [];
  private readonly edgeLists = new Map<string, Edge[]>();
  private readonly targets = new Map<string, string[]>();
  /** Program and group names → their processes, in config order. */
  private readonly byName = new Map<string, string[]>();
  /** For each name used in an entry: the ids whose entries use it. */
  private readonly waiters = new Map<string, Set<string>>();
  /** For each id: the names (used in entries) that include it. */
  private readonly namedBy = new Map<string, string[]>();

  constructor(programs: readonly ProgramConfig[], groups: readonly GroupConfig[] = []) {
    for (const p of programs) {
      const id = idOf(p);
      this.processes.set(id, p);
      for (const name of new Set([p.program, p.group])) {
        const ids = this.byName.get(name) ?? [];
        ids.push(id);
        this.byName.set(name, ids);
      }
    }
    // a program with numprocs = 0, or an empty group, is a name with no process: known, not unresolved
    const known = new Set(groups.flatMap((g) => [g.name, ...g.programs]));
    for (const [id, p] of this.processes) {
      const edges: Edge[] = [];
      for (const dep of p.dependsOn) {
        const on = this.resolve(dep.name);
        if (on.length === 0 && !known.has(dep.name)) this.unresolved.push({ id, dep });
        edges.push({ dep, on });
        const waiting = this.waiters.get(dep.name) ?? new Set<string>();
        waiting.add(id);
        this.waiters.set(dep.name, waiting);
      }
      this.edgeLists.set(id, edges);
    }
  }

  /** The processes a name stands for: one process (`group:name`), or every process of a program or group. */
  resolve(name: string): readonly string[] {
    const cached = this.targets.get(name);
    if (cached) return cached;
    const ids = name.includes(":") ? (this.processes.has(name) ? [name] : []) : [...new Set(this.byName.get(name) ?? [])];
    this.targets.set(name, ids);
    for (const id of ids) {
      const names = this.namedBy.get(id) ?? [];
      names.push(name);
      this.namedBy.set(id, names);
    }
    return ids;
  }

  /** What a process waits for before it starts. */
  edges(id: string): readonly Edge[] {
    return this.edgeLists.get(id) ?? [];
  }

  /** The processes one process depends on directly, each once. */
  dependencies(id: string): string[] {
    return [...new Set(this.edges(id).flatMap((e) => e.on))];
  }

  /** The processes that depend on this one directly, each once, in config order of their names. */
  dependents(id: string): string[] {
    const out = new Set<string>();
    for (const name of this.namedBy.get(id) ?? []) for (const w of this.waiters.get(name) ?? []) out.add(w);
    return [...out];
  }

  /** Whether any process depends on anything: without, every order is today's priority order. */
  get empty(): boolean {
    return this.waiters.size === 0;
  }

  /** How status names a process: `name` for a program that is its own group, else `group:name`. */
  display(id: string): string {
    const p = this.processes.get(id);
    return p !== undefined && p.group === p.name ? p.name : id;
  }
}

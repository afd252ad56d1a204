import { defaultDaemon, defaultServer } from "../config/defaults.js";
import type { Config, GroupConfig, ProgramConfig } from "../config/model.js";
import { type Clock, systemClock } from "../process/clock.js";
import type { ProcessDeps } from "../process/managed-process.js";
import { SpawnQueue } from "../process/spawn-queue.js";
import type { Spawner } from "../process/spawner.js";

/**
 * What the engine needs, for tests: no logs, no environment, the system's clock unless a fake one
 * is given, and a spawn queue whose one slice holds every spawn whatever the machine's speed
 * (tests read what was spawned at once), unless a test passes its own.
 */
export function testDeps(spawner: Spawner, opts: { clock?: Clock; spawns?: SpawnQueue } = {}): ProcessDeps {
  const clock = opts.clock ?? systemClock;
  return {
    spawner,
    now: clock.now,
    after: clock.after,
    environment: () => ({}),
    attachOutput: () => {},
    logPaths: () => ({ stdout: "", stderr: "" }),
    spawns: opts.spawns ?? new SpawnQueue({ sliceMs: Number.POSITIVE_INFINITY, perSlice: Number.POSITIVE_INFINITY }),
  };
}

/** A config of these programs and groups, every other section at its defaults. */
export function testConfig(programs: ProgramConfig[], groups: GroupConfig[] = []): Config {
  return { file: "/t.conf", daemon: defaultDaemon("/tmp"), server: defaultServer(), programs, groups, warnings: [] };
}

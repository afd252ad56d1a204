import { needsRootAndUnshare } from "../lib/needs.mjs";
import { chainSigtermToExit } from "../shutdown.mjs";

export default {
  id: "shutdown-chain",
  order: 12,
  script: "shutdown.mjs",
  title: "SIGTERM to PID 1, a dependency chain and 10 other programs",
  about:
    "the daemon runs as PID 1 of a new PID namespace with a chain web → app → db and ten unrelated programs, each taking 1 s " +
    "to clean up after SIGTERM (`bench/fixtures/stops-in.sh`); the figure is the time from SIGTERM to the daemon's exit. " +
    "First row: grace orders the chain with `depends_on`, so the ten stop together with web and the shutdown takes the " +
    "chain (3 s); supervisord has no dependencies and orders it with `priority` (the ten at 999, then web, app, db). " +
    "Second row: both with that priority config, whose levels take the sum (4 s); supervisord's figure is the same run.",
  daemons: ["supervisord", "grace"],
  needs: needsRootAndUnshare,
  async measure(daemon) {
    const byPriority = (await chainSigtermToExit(daemon, "priority")).ms / 1000;
    if (daemon === "supervisord") return { seconds: byPriority, byPriority };
    return { seconds: (await chainSigtermToExit(daemon, "depends_on")).ms / 1000, byPriority };
  },
  rows: [
    {
      label: "SIGTERM to PID 1 → exit, chain of 3 + 10 others, each 1 s to stop",
      figure: "seconds",
      unit: "s",
      digits: 2,
      target: { text: "≤ 3.3 s", met: (v) => v <= 3.3 },
    },
    {
      label: "the same ordered by `priority` only (levels: the sum)",
      figure: "byPriority",
      unit: "s",
      digits: 2,
    },
  ],
};

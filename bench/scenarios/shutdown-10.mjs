import { needsRootAndUnshare } from "../lib/needs.mjs";
import { sigtermToExit } from "../shutdown.mjs";

export default {
  id: "shutdown-10",
  order: 10,
  script: "shutdown.mjs",
  title: "SIGTERM to PID 1, 10 programs",
  about:
    "the daemon runs as PID 1 of a new PID namespace (`unshare --pid`, as in a container) with 10 programs that each take 1 s " +
    "to clean up after SIGTERM (`bench/fixtures/stops-in.sh`); the figure is the time from SIGTERM to the daemon's exit.",
  daemons: ["supervisord", "grace"],
  needs: needsRootAndUnshare,
  async measure(daemon) {
    const r = await sigtermToExit(daemon, 10);
    return { seconds: r.ms / 1000 };
  },
  rows: [
    {
      label: "SIGTERM to PID 1 → exit, 10 programs × 1 s to stop",
      figure: "seconds",
      unit: "s",
      digits: 2,
      target: { text: "≤ 1.2 s", met: (v) => v <= 1.2 },
    },
  ],
};

import { needsRootAndUnshare } from "../lib/needs.mjs";
import { sigtermToExit } from "../shutdown.mjs";

export default {
  id: "shutdown-200",
  order: 20,
  script: "shutdown.mjs",
  title: "SIGTERM to PID 1, 200 programs",
  about:
    "as `shutdown-10` with 200 programs; also how many of them got their SIGTERM within 10 s of the daemon's " +
    "(`docker stop`'s default grace period, after which docker sends SIGKILL).",
  daemons: ["supervisord", "grace"],
  needs: needsRootAndUnshare,
  // supervisord stops one group at a time and every program is its own group: 200 × 1 s a run
  fewerRuns: {
    supervisord: 1,
    why:
      "supervisord's 200-program shutdown runs once: it stops one group (here one program) at a time, so a run takes " +
      "200 × 1 s plus its overhead (about 3.5 min); `pnpm bench -- --all-runs` repeats it too.",
  },
  async measure(daemon) {
    const r = await sigtermToExit(daemon, 200);
    return { seconds: r.ms / 1000, termed: r.termedInTime };
  },
  rows: [
    {
      label: "same, 200 programs",
      figure: "seconds",
      unit: "s",
      digits: 2,
      target: { text: "≤ 1.5 s", met: (v) => v <= 1.5 },
    },
    { label: "programs of 200 that got SIGTERM within 10 s (worst run)", figure: "termed", how: "min", ratio: false },
  ],
};

import { stopAllLatency } from "../shutdown.mjs";

export default {
  id: "stop-all",
  order: 30,
  script: "shutdown.mjs",
  title: "`ctl stop all`, 10 programs",
  about:
    "`gracectl stop all` / `supervisorctl stop all` with 10 programs that each take 1 s to clean up; the figure is how long " +
    "after the last program's exit (its own time stamp) the control command returns.",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    return { seconds: (await stopAllLatency(daemon, 1)) / 1000 };
  },
  rows: [
    {
      label: "`ctl stop all`, 10 × 1 s: returns after the last exit",
      figure: "seconds",
      unit: "s",
      digits: 2,
      signed: true,
      target: { text: "≤ +0.1 s", met: (v) => v <= 0.1 },
    },
  ],
};

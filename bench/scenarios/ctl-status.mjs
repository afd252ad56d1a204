import { measureLatency } from "../ctl-latency.mjs";
import { median } from "../lib/stats.mjs";

const CALLS = 25;

export default {
  id: "ctl-status",
  order: 40,
  script: "ctl-latency.mjs",
  title: "`ctl status` latency",
  about:
    `\`gracectl status\` / \`supervisorctl status\` against a daemon with 5 programs, ${CALLS} calls interleaved with ` +
    "`node -e 0` (the floor under any Node client); the figures are the medians, and the control command's above `node -e 0`'s.",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    const { times } = await measureLatency({ runs: CALLS, daemons: [daemon] });
    const ctl = median(times.get(daemon === "grace" ? "gracectl status" : "supervisorctl status"));
    return { ms: ctl, over: ctl - median(times.get("node -e 0")) };
  },
  rows: [
    { label: `\`ctl status\` latency, median of ${CALLS}`, figure: "ms", unit: "ms", digits: 0 },
    {
      label: "… above `node -e 0`, measured beside it",
      figure: "over",
      unit: "ms",
      digits: 0,
      signed: true,
      target: { text: "≤ +15 ms", met: (v) => v <= 15 },
    },
  ],
};

import { measureLatency } from "../ctl-latency.mjs";
import { median } from "../lib/stats.mjs";

const CALLS = 25;

export default {
  id: "ctl-health",
  order: 41,
  script: "ctl-latency.mjs",
  title: "`gracectl health` latency",
  about:
    `\`gracectl health\` (what Docker's HEALTHCHECK and a Kubernetes exec probe run every few seconds) against a daemon with 5 ` +
    `programs, ${CALLS} calls interleaved with \`node -e 0\` and, for supervisord, with \`supervisorctl status\` (it has no health ` +
    "command; a status that exits 0 is the nearest); the figures are the medians, and each above `node -e 0`'s.",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    const { times } = await measureLatency({ runs: CALLS, daemons: [daemon] });
    const ctl = median(times.get(daemon === "grace" ? "gracectl health" : "supervisorctl status"));
    return { ms: ctl, over: ctl - median(times.get("node -e 0")) };
  },
  rows: [
    { label: `\`ctl health\` (supervisord: \`status\`), median of ${CALLS}`, figure: "ms", unit: "ms", digits: 0 },
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

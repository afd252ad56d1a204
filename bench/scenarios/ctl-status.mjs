import { measureLatency } from "../ctl-latency.mjs";
import { median } from "../lib/stats.mjs";

const CALLS = 25;

/**
 * `gracectl status` (a trap's `status`, a script's) and `gracectl health` (what Docker's
 * HEALTHCHECK and a Kubernetes exec probe run every few seconds) from one run of calls, each
 * beside `node -e 0`. supervisord has no health command: `supervisorctl status`, a status that
 * exits 0, is the nearest, so its two rows show the one figure.
 */
export default {
  id: "ctl-status",
  order: 40,
  script: "ctl-latency.mjs",
  title: "`ctl status` and `ctl health` latency",
  about:
    `\`gracectl status\`, \`gracectl health\` and \`supervisorctl status\` against a daemon with 5 programs, ${CALLS} calls each ` +
    "interleaved with `node -e 0` and with a bare Node client that sends graced the same health request and prints the answer " +
    "(bench/fixtures/raw-rpc.cjs: the floor under any Node client); the figures are the medians, and each command's above `node -e 0`'s. supervisord has no health command: its health rows show `supervisorctl status`, the nearest.",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    const { times } = await measureLatency({ runs: CALLS, daemons: [daemon] });
    const nodeE0 = median(times.get("node -e 0"));
    const [status, health] = daemon === "grace" ? ["gracectl status", "gracectl health"] : ["supervisorctl status", "supervisorctl status"];
    const figures = (label) => median(times.get(label));
    // graced only: the same health request from a client that does nothing else
    const bare = daemon === "grace" ? { bareOver: figures("bare socket client") - nodeE0 } : {};
    return {
      ...bare,
      status: figures(status),
      statusOver: figures(status) - nodeE0,
      health: figures(health),
      healthOver: figures(health) - nodeE0,
    };
  },
  rows: [
    { label: `\`ctl status\` latency, median of ${CALLS}`, figure: "status", unit: "ms", digits: 0 },
    overRow("status", "statusOver"),
    { label: `\`ctl health\` (supervisord: \`status\`), median of ${CALLS}`, figure: "health", unit: "ms", digits: 0 },
    overRow("health", "healthOver"),
    {
      label: "… a bare Node client's health request above `node -e 0` (connect, ask, print: the floor)",
      figure: "bareOver",
      unit: "ms",
      digits: 0,
      signed: true,
      ratio: false,
    },
  ],
};

/** A command's median above `node -e 0`'s: SPEC §8 and issue 14 both want ≤ +15 ms. */
function overRow(command, figure) {
  return {
    label: `… \`${command}\` above \`node -e 0\`, measured beside it`,
    figure,
    unit: "ms",
    digits: 0,
    signed: true,
    target: { text: "≤ +15 ms", met: (v) => v <= 15 },
  };
}

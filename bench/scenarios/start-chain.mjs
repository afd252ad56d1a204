import { measureChain } from "../start-chain.mjs";

const DELAY_MS = 400;

export default {
  id: "start-chain",
  order: 55,
  script: "start-chain.mjs",
  title: "start of a chain web → app → db with readiness checks",
  about:
    `Three programs, each ready ${DELAY_MS} ms after it starts (db: tcp, app: log line, web: http). graced starts each once the ` +
    "one below is ready (`depends_on = …:ready`): the time from its spawn to web ready; from db's start to web ready; and " +
    "graced's part of that (less each program's own time from start to ready, which the programs write down). supervisord " +
    "has no dependencies: the same programs by priority, from its spawn to all RUNNING (startsecs=1).",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    const r = await measureChain(daemon, DELAY_MS);
    return daemon === "grace" ? { total: r.totalS, chain: r.chainS, over: r.overS } : { total: r.totalS };
  },
  rows: [
    {
      label: "chain web → app → db: start to web ready (supervisord: all RUNNING, no order)",
      figure: "total",
      unit: "s",
      digits: 2,
      ratio: false,
    },
    { label: "… from db's start to web ready", figure: "chain", unit: "s", digits: 2, ratio: false },
    {
      label: "… graced's part: less the chain's own readiness times",
      figure: "over",
      unit: "s",
      digits: 2,
      ratio: false,
      target: { text: "≤ 0.3 s", met: (v) => v <= 0.3 },
    },
  ],
};

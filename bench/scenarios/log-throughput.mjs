import { measureThroughput } from "../log-throughput.mjs";

export default {
  id: "log-throughput",
  order: 60,
  script: "log-throughput.mjs",
  title: "200 MB of stdout through a rotated log",
  about:
    "one program writes 200 MB of numbered 100-byte lines as fast as it can into a log with maxbytes=50MB, backups=3; " +
    "throughput from the writer's start to the last byte in the files, every line read back (lost or garbled), and the daemon's CPU time.",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    const r = await measureThroughput(daemon);
    return { mbps: r.mbps, bad: r.lost + r.garbled, cpu: r.cpu };
  },
  rows: [
    {
      label: "200 MB of stdout through a rotated log",
      figure: "mbps",
      unit: "MB/s",
      digits: 0,
      target: { text: "≥ 400 MB/s", met: (v) => v >= 400 },
    },
    { label: "lines lost or garbled (worst run)", figure: "bad", how: "max", ratio: false, target: { text: "0", met: (v) => v === 0 } },
    { label: "daemon CPU time for the 200 MB", figure: "cpu", unit: "s", digits: 2 },
  ],
};

import { measureFlood } from "../log-flood.mjs";

const atLeastSupervisord = { text: "≥ supervisord's", met: (g, s) => s !== undefined && g >= s };
const atMostSupervisord = { text: "≤ supervisord's", met: (g, s) => s !== undefined && g <= s };

export default {
  id: "log-flood",
  order: 61,
  script: "log-flood.mjs",
  title: "a `yes | head -c 200000000` flood through a rotated log",
  about:
    "one program runs `yes 0123…789 | head -c 200000000` (41-byte lines, written 4 KiB at a time, as users' programs write) " +
    "into a log with maxbytes=50MB, backups=3; throughput from the writer's start to the last byte in the files (beside the same writer " +
    "alone into /dev/null just before, the most any daemon could reach), every byte " +
    "read back (lines lost or garbled, rotated files that end inside a line), the daemon's CPU time, its RSS idle before the " +
    "flood (3 s after start) and how far its peak RSS (VmHWM, reset before the flood) rose above that.",
  daemons: ["supervisord", "grace"],
  measure: (daemon) => measureFlood(daemon),
  rows: [
    {
      label: "200 MB of 41-byte lines (`yes \\| head`) through a rotated log",
      figure: "mbps",
      unit: "MB/s",
      digits: 0,
      target: atLeastSupervisord,
    },
    {
      label: "… the same writer alone into /dev/null just before (the ceiling)",
      figure: "ceiling",
      unit: "MB/s",
      digits: 0,
    },
    { label: "lines lost or garbled (worst run)", figure: "bad", how: "max", ratio: false, target: { text: "0", met: (v) => v === 0 } },
    {
      label: "rotated files ending inside a line (worst run)",
      figure: "splitRotations",
      how: "max",
      ratio: false,
      target: { text: "0", met: (v) => v === 0 },
    },
    { label: "daemon CPU time for the flood", figure: "cpu", unit: "s", digits: 2, target: atMostSupervisord },
    { label: "daemon RSS before the flood (1 program)", figure: "idle", unit: "MB", digits: 1 },
    {
      label: "daemon peak RSS during the flood, above that",
      figure: "growth",
      unit: "MB",
      digits: 1,
      target: { text: "≤ +16 MB", met: (v) => v <= 16 },
    },
  ],
};

import { measureStart } from "../start-200.mjs";

export default {
  id: "start-200",
  order: 50,
  script: "start-200.mjs",
  title: "200 programs: start, memory, status",
  about:
    "200 `sleep` programs with startsecs=1 and no log files: the time from the daemon's start to all RUNNING (read over its " +
    "socket), the daemon's RSS once it is idle with them all RUNNING (at least 10 s, until it stays within 0.2 MB for 5 s, at most 40 s), and the median of 15 `ctl status` calls.",
  daemons: ["supervisord", "grace"],
  async measure(daemon) {
    const r = await measureStart(daemon, 200);
    return { start: r.startS, rss: r.rss, anon: r.anon, status: r.status };
  },
  rows: [
    {
      label: "200 programs: start to all RUNNING (startsecs=1)",
      figure: "start",
      unit: "s",
      digits: 2,
      target: { text: "≤ 2.5 s", met: (v) => v <= 2.5 },
    },
    // SPEC §8 says ≤ 60 MB; issue 13 asks ≤ 48 MB (bare node with net loaded idles at about 42.6 MB)
    { label: "daemon RSS, 200 programs, idle", figure: "rss", unit: "MB", digits: 1, target: { text: "≤ 48 MB", met: (v) => v <= 48 } },
    { label: "… of which its own (RssAnon: not the interpreter's shared file pages)", figure: "anon", unit: "MB", digits: 1 },
    { label: "`ctl status` with 200 programs, median of 15", figure: "status", unit: "ms", digits: 0 },
  ],
};

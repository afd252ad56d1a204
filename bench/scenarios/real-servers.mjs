import { constants } from "node:os";
import { realServersNeeds, stopOnce } from "../real-servers.mjs";

/** An exit status as a shell (and docker) reports it: 128 + the signal's number for a signal. */
const status = (exit) => (typeof exit === "string" ? 128 + constants.signals[exit] : exit);

export default {
  id: "real-servers",
  order: 25,
  script: "real-servers.mjs",
  title: "real servers, SIGTERM to PID 1",
  about:
    "postgres (stopsignal INT), redis behind `sh -c` without exec, nginx and php-fpm (QUIT) under the daemon as PID 1 of a " +
    "PID namespace, a 2 s PHP request in flight, then SIGTERM to PID 1 and SIGKILL 10 s later as `docker stop` would; " +
    "the time to the daemon's exit, its exit status, and how many servers wrote their own clean-stop line.",
  daemons: ["supervisord", "grace"],
  needs: realServersNeeds,
  async measure(daemon) {
    const r = await stopOnce(daemon);
    return { seconds: r.ms / 1000, exit: status(r.exit), clean: 4 - r.unclean.length };
  },
  rows: [
    {
      label: "real servers (postgres, redis in `sh -c`, nginx, php-fpm): SIGTERM to PID 1 → exit",
      figure: "seconds",
      unit: "s",
      digits: 2,
    },
    { label: "exit status (worst run)", figure: "exit", how: "max", ratio: false },
    { label: "servers that logged their own clean stop, of 4 (worst run)", figure: "clean", how: "min", ratio: false },
  ],
};

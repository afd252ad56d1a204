import { dockerNeeds, dockerStopOnce, startDocker } from "../docker-stop.mjs";

export default {
  id: "docker-stop",
  order: 15,
  script: "docker-stop.mjs",
  title: "`docker stop`, 10 programs",
  about:
    "`docker stop` (10 s before its SIGKILL) of a container whose PID 1 is the daemon, with 10 programs that each take 1 s to " +
    "clean up (`bench/fixtures/stops-in.sh`); both images are built on the same base (`test/docker/base-image.sh`) with the same " +
    "config, on a private dockerd (the Docker tests' harness). The figures: `docker stop`'s time until the container exited, " +
    "its exit code (137: docker's SIGKILL), and how many programs finished their clean-up.",
  daemons: ["supervisord", "grace"],
  needs: dockerNeeds,
  prepare: startDocker,
  cleanup: (engine) => engine?.stop(),
  measure: (daemon, engine) => dockerStopOnce(engine, daemon),
  rows: [
    { label: "`docker stop` → container exit, 10 programs × 1 s", figure: "seconds", unit: "s", digits: 2 },
    { label: "container exit code (worst run)", figure: "exit", how: "max", ratio: false },
    { label: "programs of 10 that finished their clean-up (worst run)", figure: "cleaned", how: "min", ratio: false },
  ],
};

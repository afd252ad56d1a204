import { Fault } from "@grace/protocol";
import { fakeXmlRpcBackend, supervised } from "./fake-xmlrpc-backend.js";

/**
 * A fake daemon in the state supervisord was in when scripts/record-supervisord-xmlrpc.py
 * recorded its answers (packages/daemon/src/xmlrpc/reference/): the same processes, log files
 * and failures, so grace's answers can be compared with supervisord's.
 */
export function recordedState() {
  const logs = (name: string) => ({ stdout_logfile: `TMP/${name}.out`, stderr_logfile: `TMP/${name}.err` });
  const auto = (name: string, stream: string) => `TMP/${name}-${stream}---reference-RANDOM.log`;
  return fakeXmlRpcBackend(
    [
      supervised("web", "RUNNING", logs("web")),
      supervised("idle", "STOPPED", { stdout_logfile: "TMP/idle.out", stderr_logfile: auto("idle", "stderr") }),
      supervised("quick", "STOPPED", { stdout_logfile: auto("quick", "stdout"), stderr_logfile: auto("quick", "stderr") }),
      supervised("worker_0", "RUNNING", {
        group: "worker",
        stdout_logfile: auto("worker_0", "stdout"),
        stderr_logfile: auto("worker_0", "stderr"),
      }),
      supervised("worker_1", "RUNNING", {
        group: "worker",
        stdout_logfile: auto("worker_1", "stdout"),
        stderr_logfile: auto("worker_1", "stderr"),
      }),
    ],
    {
      identifier: "reference",
      logs: {
        "web:web:stdout": "hello\n",
        "web:web:stderr": "",
        "quick:quick:stderr": "",
        "idle:idle:stderr": "",
        main: "graced started\n",
      },
      startFails: {
        // exits at once with startretries=0: FATAL, its exit status not kept (as supervisord keeps none)
        "quick:quick": {
          status: Fault.SPAWN_ERROR,
          description: "Exited too quickly",
          after: { statename: "FATAL", state: 200, start: 1_700_000_001, stop: 1_700_000_001 },
        },
      },
    },
  );
}

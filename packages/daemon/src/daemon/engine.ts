import type { Config, ProgramConfig, ReadyCheck } from "../config/model.js";
import { Supervisor } from "../engine/supervisor.js";
import { type Account, targetAccount } from "../process/account.js";
import { childEnvironment } from "../process/environment.js";
import type { ProcessDeps } from "../process/managed-process.js";
import { startReadiness } from "../readiness/runner.js";
import type { Children } from "./children.js";

export type EngineSeams = {
  /** graced's own environment, which every child's starts from. */
  env: Record<string, string | undefined>;
  socketPath: string;
  children: Children;
  attachOutput: ProcessDeps["attachOutput"];
  logPaths: ProcessDeps["logPaths"];
};

/**
 * The Supervisor over the real system: the children's spawner and environment, the system's
 * clock, and each run's `ready_check` probed every `ready_interval`, as the program's user.
 */
export function buildSupervisor(config: Config, seams: EngineSeams): Supervisor {
  // copied once: reading process.env goes through a native lookup per variable, which cost
  // more per spawn than the rest of the environment's assembly
  const ownEnv = { ...seams.env };
  const serverUrl = `unix://${seams.socketPath}`;
  const uid = () => process.getuid?.() ?? 0;
  const environment = (cfg: ProgramConfig, account: Account | null) =>
    childEnvironment(ownEnv, config.daemon.environment, cfg, serverUrl, account);
  return new Supervisor(config, {
    spawner: seams.children.spawner,
    now: Date.now,
    environment: (cfg) => environment(cfg, targetAccount(cfg.user, uid())),
    attachOutput: seams.attachOutput,
    logPaths: seams.logPaths,
    readiness: ({ cfg }, report) => {
      let account: Account | null = null;
      try {
        account = targetAccount(cfg.user, uid());
      } catch {
        // the spawn failed for the same reason: there is no run to probe
      }
      return startReadiness({
        check: cfg.readyCheck as ReadyCheck,
        intervalMs: cfg.readyInterval * 1000,
        timeoutMs: cfg.readyTimeout * 1000,
        // an exec: check runs where and as whom the program does, with its environment
        exec: {
          cwd: cfg.directory ?? undefined,
          env: environment(cfg, account),
          uid: account?.uid,
          gid: account?.gid,
          track: seams.children.trackProbe,
        },
        report,
      });
    },
  });
}

import type { ProgramConfig } from "../config/model.js";
import type { Account } from "./account.js";

/**
 * The child's environment (SPEC §3): graced's own, then [supervisord] environment, then the
 * program's, plus the variables scripts check to know they run under a supervisor.
 * SUPERVISOR_SERVER_URL is `unix://` + graced's socket (where supervisor.childutils's
 * getRPCInterface finds graced's XML-RPC), unless the program's `serverurl` names another, as
 * in supervisord; GRACE_SERVER_URL is always the socket (pid1/orphans.ts tells graced's own
 * children by it).
 */
export function childEnvironment(
  base: Record<string, string | undefined>,
  daemonEnv: Record<string, string>,
  cfg: Pick<ProgramConfig, "name" | "group" | "environment"> & Partial<Pick<ProgramConfig, "serverurl">>,
  serverUrl: string,
  account: Pick<Account, "name" | "home"> | null = null,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  // a program run as another user gets that user's HOME/USER/LOGNAME (supervisord keeps root's);
  // the configured environments still win
  if (account) Object.assign(env, { HOME: account.home, USER: account.name, LOGNAME: account.name });
  Object.assign(env, daemonEnv, cfg.environment);
  for (const prefix of ["SUPERVISOR", "GRACE"]) {
    env[`${prefix}_ENABLED`] = "1";
    env[`${prefix}_PROCESS_NAME`] = cfg.name;
    env[`${prefix}_GROUP_NAME`] = cfg.group;
    env[`${prefix}_SERVER_URL`] = serverUrl;
  }
  if (cfg.serverurl !== undefined && cfg.serverurl !== "AUTO") env.SUPERVISOR_SERVER_URL = cfg.serverurl;
  return env;
}

import type { ProgramConfig } from "../config/model.js";

/**
 * The child's environment (SPEC §3): graced's own, then [supervisord] environment, then the
 * program's, plus the variables scripts check to know they run under a supervisor.
 */
export function childEnvironment(
  base: Record<string, string | undefined>,
  daemonEnv: Record<string, string>,
  cfg: Pick<ProgramConfig, "name" | "group" | "environment">,
  serverUrl: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, daemonEnv, cfg.environment);
  for (const prefix of ["SUPERVISOR", "GRACE"]) {
    env[`${prefix}_ENABLED`] = "1";
    env[`${prefix}_PROCESS_NAME`] = cfg.name;
    env[`${prefix}_GROUP_NAME`] = cfg.group;
    env[`${prefix}_SERVER_URL`] = serverUrl;
  }
  return env;
}

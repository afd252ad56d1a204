import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** SPEC §2.1: where graced looks for its config when `-c` is not given. */
export function configCandidates(env: Record<string, string | undefined>, cwd: string): string[] {
  const list = [
    resolve(cwd, "grace.conf"),
    resolve(cwd, "supervisord.conf"),
    resolve(cwd, "etc/supervisord.conf"),
    "/etc/grace/grace.conf",
    "/etc/supervisord.conf",
    "/etc/supervisor/supervisord.conf",
  ];
  return env.GRACE_CONFIG ? [resolve(cwd, env.GRACE_CONFIG), ...list] : list;
}

export function findConfig(env: Record<string, string | undefined>, cwd: string, exists = existsSync): string | null {
  if (env.GRACE_CONFIG) return resolve(cwd, env.GRACE_CONFIG); // named explicitly: use it, even if missing (clear error)
  return configCandidates(env, cwd).find((p) => exists(p)) ?? null;
}

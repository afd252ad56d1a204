/**
 * What bin/graced's launcher set aside. Node reads the file NODE_EXTRA_CA_CERTS names when it
 * starts (some 2 MB of graced's idle RSS for ~150 certificates, measured: bench/results/history/
 * start-200-2026-12-02.txt), and graced makes no TLS connection: the launcher moves the variable
 * to SAVED_NAME for graced's own node, and graced puts it back before anything reads its
 * environment, so its programs and `%(ENV_NODE_EXTRA_CA_CERTS)s` see the environment graced
 * was started with.
 */
export const SAVED_NAME = "GRACE_SAVED_NODE_EXTRA_CA_CERTS";

export function restoreLauncherEnv(env: Record<string, string | undefined>): void {
  const saved = env[SAVED_NAME];
  if (saved === undefined) return;
  env.NODE_EXTRA_CA_CERTS = saved;
  delete env[SAVED_NAME];
}

restoreLauncherEnv(process.env);

// first: the environment as graced was started with it, before any other module reads it
import "./launcher-env.js";
import { ConfigError, formatDiagnostic } from "@grace/ini";
import { GRACE_VERSION } from "@grace/protocol";
import { parseGracedArgs, USAGE } from "./args.js";
import { checkOutput } from "./check.js";
import { findConfig } from "./config/discover.js";
import { loadConfig, readConfig } from "./config/load.js";
import { isStopBudgetWarning } from "./config/validate.js";
import { Daemon } from "./daemon.js";
import { SocketInUseError } from "./rpc/server.js";
import { StartRefused } from "./rpc/start-refused.js";

type Signal = "SIGTERM" | "SIGINT" | "SIGQUIT" | "SIGHUP" | "SIGUSR2";

/**
 * Signals are queued as events and handled in the main loop (SPEC §4.5). The handlers are
 * installed first thing: as PID 1, a signal without a handler is ignored. Each is stamped with
 * the time it arrived: a shutdown's budget runs from that moment, not from when the loop got to it.
 */
const pending: { sig: Signal; at: number }[] = [];
let onSignal: ((sig: Signal, at: number) => void) | undefined;
for (const sig of ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR2"] as const) {
  process.on(sig, () => {
    const at = Date.now();
    if (onSignal) setImmediate(() => onSignal?.(sig, at));
    else pending.push({ sig, at });
  });
}

function fail(message: string, code: number): never {
  process.stderr.write(`graced: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseGracedArgs>;
  try {
    args = parseGracedArgs(process.argv.slice(2));
  } catch (e) {
    fail(`${(e as Error).message}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (args.version) {
    process.stdout.write(`${GRACE_VERSION}\n`);
    process.exit(0);
  }

  const path = args.configuration ?? findConfig(process.env, process.cwd());
  if (path === null) fail("no config file found; pass -c FILE or set GRACE_CONFIG", 2);
  if (args.check) {
    const out = checkOutput(path, readConfig(path, { overrides: args.overrides }), args);
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    process.exit(out.code);
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(path, { overrides: args.overrides });
  } catch (e) {
    if (e instanceof ConfigError) fail(`invalid config:\n${e.message}`, 2);
    throw e;
  }
  // the budget warning is the daemon's to give, once, against the budget in force
  for (const w of config.warnings.filter((d) => !isStopBudgetWarning(d))) process.stderr.write(`${formatDiagnostic(w)}\n`);

  const daemon = new Daemon({
    config,
    version: GRACE_VERSION,
    env: process.env,
    argv: process.argv.slice(2),
    // a reload keeps -l, -e, -q … as given at start, as supervisord does
    reloadConfig: () => loadConfig(path, { overrides: args.overrides }),
  });

  onSignal = (sig, at) => {
    if (sig === "SIGTERM" || sig === "SIGINT" || sig === "SIGQUIT") {
      // a second TERM/INT means "now": docker stop's impatient operator, or Ctrl-C twice
      if (daemon.shuttingDown) {
        if (sig === "SIGQUIT") return;
        daemon.logger.warn(`received ${sig} again during the shutdown: SIGKILL to everything now`);
        daemon.escalate();
        return;
      }
      void daemon.shutdown(`received ${sig}`, { since: at });
    } else if (sig === "SIGUSR2") {
      daemon.reopenLogs();
      void daemon.ensureSocket(sig);
    } else if (sig === "SIGHUP") {
      daemon.logger.info("received SIGHUP: rereading the config");
      void daemon.reload();
      void daemon.ensureSocket(sig);
    } else {
      daemon.logger.info(`received ${sig}: not handled yet, ignored`);
    }
  };

  try {
    await daemon.start();
  } catch (e) {
    if (e instanceof SocketInUseError || e instanceof StartRefused) fail(e.message, 2);
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EACCES" || err.code === "EADDRINUSE") fail(`cannot listen on ${daemon.rpc.path}: ${err.code}`, 2);
    throw e;
  }
  // a shutdown begun inside graced (exit_on_fatal, `gracectl shutdown`) ends the process too
  void daemon.exited.then((code) => process.exit(code));
  for (const { sig, at } of pending.splice(0)) onSignal(sig, at);
}

main().catch((e) => {
  process.stderr.write(`graced: unexpected error: ${(e as Error).stack ?? e}\n`);
  process.exit(70);
});

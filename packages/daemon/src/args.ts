import { parseArgs } from "node:util";

/**
 * graced's command line: supervisord's flags with the same meaning (SPEC §2.3), so that
 * `supervisord -n -c /etc/supervisord.conf` becomes `graced -n -c …`, plus `--check`.
 * Pure: argv in, options out; a UsageError for anything else.
 */
export const USAGE = `Usage: graced [-c FILE] [options]

Runs the programs of a supervisord-compatible config and serves the control socket.

Options:
  -c, --configuration FILE   config file (default: $GRACE_CONFIG, ./grace.conf, ./supervisord.conf,
                             ./etc/supervisord.conf, /etc/grace/grace.conf, /etc/supervisord.conf,
                             /etc/supervisor/supervisord.conf)
      --check                load and validate the config, print every problem, exit 0 or 2
      --strict               with --check: warnings are errors
      --json                 with --check: print the resolved model (or the errors) as JSON
  -n, --nodaemon             accepted; graced always runs in the foreground
  -u, --user USER            run as this user (when started as root)
  -m, --umask UMASK          umask of graced and its programs (octal)
  -d, --directory DIR        directory to run in
  -l, --logfile FILE         graced's own log (default: stdout)
  -y, --logfile_maxbytes N   rotate graced's log at this size (e.g. 50MB)
  -z, --logfile_backups N    rotated copies of graced's log to keep
  -e, --loglevel LEVEL       critical, error, warn, info, debug, trace
  -j, --pidfile FILE         write graced's pid here
  -i, --identifier NAME      identifier reported to clients
  -q, --childlogdir DIR      directory of AUTO program logs
  -k, --nocleanup            keep old AUTO program logs at start
  -a, --minfds N             minimum open-file limit to require
      --minprocs N           minimum process limit to require
  -t, --strip_ansi           strip ANSI escapes from program logs
  -s, --silent               no log output on stdout
  -v, --version              print the version
  -h, --help                 print this help
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type Args = {
  configuration: string | undefined;
  check: boolean;
  strict: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
  /** `[supervisord]` keys given on the command line; they win over the config file. */
  overrides: Record<string, string>;
};

const VALUE_FLAGS = {
  user: "u",
  umask: "m",
  directory: "d",
  logfile: "l",
  logfile_maxbytes: "y",
  logfile_backups: "z",
  loglevel: "e",
  pidfile: "j",
  identifier: "i",
  childlogdir: "q",
  minfds: "a",
  minprocs: undefined,
} as const;
const BOOLEAN_FLAGS = { nocleanup: "k", strip_ansi: "t", silent: "s" } as const;

export function parseGracedArgs(argv: string[]): Args {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    configuration: { type: "string", short: "c" },
    nodaemon: { type: "boolean", short: "n" },
    check: { type: "boolean" },
    strict: { type: "boolean" },
    json: { type: "boolean" },
    version: { type: "boolean", short: "v" },
    help: { type: "boolean", short: "h" },
  };
  for (const [name, short] of Object.entries(VALUE_FLAGS)) options[name] = short ? { type: "string", short } : { type: "string" };
  for (const [name, short] of Object.entries(BOOLEAN_FLAGS)) options[name] = { type: "boolean", short };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if ((values.strict || values.json) && !values.check) throw new UsageError("--strict and --json go with --check");
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(VALUE_FLAGS)) if (typeof values[name] === "string") overrides[name] = values[name] as string;
  for (const name of Object.keys(BOOLEAN_FLAGS)) if (values[name] === true) overrides[name] = "true";
  return {
    configuration: values.configuration as string | undefined,
    check: values.check === true,
    strict: values.strict === true,
    json: values.json === true,
    help: values.help === true,
    version: values.version === true,
    overrides,
  };
}

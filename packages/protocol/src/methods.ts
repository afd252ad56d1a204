import type {
  ConfigDiff,
  ConfigInfo,
  GroupChangeResult,
  GroupResult,
  HealthResult,
  LogChunk,
  NameResult,
  ShutdownComplete,
  StateChange,
  StatusResult,
  TailResult,
  VersionInfo,
} from "./types.js";

/** Names a set of processes: `name`, `group:name`, `group:*` or `all`. */
export type NamesParams = { names: string[] };

export type StartParams = NamesParams & {
  /** Wait until each process is RUNNING (or failed) before answering. Default true. */
  wait?: boolean;
  /**
   * grace (issue 14): also start the named processes' stopped dependencies, and start each
   * once its dependencies meet their conditions. Default true; `gracectl start --no-deps` sends
   * false: the named processes only, at once.
   */
  deps?: boolean;
};

export type StopParams = NamesParams & {
  /** Wait until each process is stopped before answering. Default true. */
  wait?: boolean;
  /**
   * Also stop, first, what depends on the named processes (directly or through others) and is
   * not stopped; each such result carries `dependsOn`. Default true; `gracectl stop --no-deps`
   * sends false.
   */
  deps?: boolean;
};

export type LogStream = "stdout" | "stderr";

export type TailParams = {
  /** One process: `name` or `group:name`. */
  name: string;
  /** Default "stdout". */
  stream?: LogStream;
  /** How many bytes from the end of the log; default 1600 (supervisorctl's). */
  bytes?: number;
  /** Keep the connection and send every new chunk as a `log` notification. */
  follow?: boolean;
};

export type MaintailParams = { bytes?: number; follow?: boolean };

export type SignalParams = NamesParams & {
  /** `HUP`, `SIGHUP` or a number such as `1`. */
  signal: string;
};

/** The condition `wait` waits for; `ready`: RUNNING and its ready_check passed (RUNNING without one). */
export type WaitFor = "running" | "ready" | "stopped";

export type HealthParams = {
  /** The processes to judge; absent or empty: every autostart process. */
  names?: string[];
  /** Also require each to be ready (its ready_check passed). */
  ready?: boolean;
};

export type WaitParams = NamesParams & {
  for: WaitFor;
  /** Seconds to wait at most; 0 or absent = until the condition holds. */
  timeout?: number;
};

export type AuthenticateParams = { username: string; password: string };

/**
 * The one contract between graced and gracectl. A `type` (not an interface), because
 * json-rpc-2.0's typed server and client need a type alias.
 */
export type Methods = {
  /**
   * Info for the named processes, or every process when `names` is empty or absent.
   * Names that match nothing come back in `unknown` (status BAD_NAME), never as an error.
   */
  status(params: { names?: string[] }): StatusResult;
  start(params: StartParams): NameResult[];
  stop(params: StopParams): NameResult[];
  /**
   * Stopped as `stop` does, then started in priority order as `start` does. With `deps` (the
   * default), what depends on the named processes and is not stopped is restarted with them,
   * and their stopped dependencies are started as `start` starts them.
   */
  restart(params: StartParams): NameResult[];
  /** Send a signal to running processes (their process group when `stopasgroup`, the default). */
  signal(params: SignalParams): NameResult[];
  /**
   * Answers, per name, once the process is RUNNING (`for: "running"`) or STOPPED/EXITED/FATAL
   * (`for: "stopped"`), or when `timeout` passes (FAILED). FATAL while waiting for running
   * answers at once (ABNORMAL_TERMINATION).
   */
  wait(params: WaitParams): NameResult[];
  /**
   * One round trip for container probes (`gracectl health`): healthy when graced is neither
   * draining nor stopping and every autostart process (or each named one) is RUNNING, and ready
   * with `ready`. Unknown names make it unhealthy.
   */
  health(params: HealthParams): HealthResult;
  /** Required first on every connection when graced has a username/password (SPEC §5). */
  authenticate(params: AuthenticateParams): { authenticated: true };
  version(params: Record<string, never>): VersionInfo;
  /** Ask graced to stop everything and exit; answers at once. */
  shutdown(params: Record<string, never>): { accepted: true };
  /**
   * Receive notifications on this connection: `state` → `stateChange`; `shutdown` → one
   * `shutdownComplete` when a shutdown has finished, after which graced waits a moment
   * (within its budget) for the connection to close before it exits.
   */
  subscribe(params: { events: SubscribeEvent[] }): { subscribed: string[] };
  /** The end of a process's log; with `follow`, then `log` notifications of new output. */
  tail(params: TailParams): TailResult;
  /** The end of graced's own log; with `follow`, then `log` notifications of new lines. */
  maintail(params: MaintailParams): TailResult;
  /** Empty the log files of the named processes (backups too). */
  clear(params: NamesParams): NameResult[];
  /** Read the config file again and report added/changed/removed groups; applies nothing. */
  reread(params: Record<string, never>): ConfigDiff;
  /**
   * reread, then stop removed or changed processes and start changed or added ones, for the
   * named groups or all (`names` absent, empty or containing "all"). Unchanged processes keep their pid.
   */
  update(params: { names?: string[] }): GroupChangeResult[];
  /** reread + update for everything: what SIGHUP does. */
  reload(params: Record<string, never>): GroupChangeResult[];
  /** Bring groups of the last-read config into use. */
  addGroups(params: { names: string[] }): GroupResult[];
  /** Take stopped groups out of use; a group with a live process gets STILL_RUNNING. */
  removeGroups(params: { names: string[] }): GroupResult[];
  /** Every process of the last-read config, and whether it is in use. */
  avail(params: Record<string, never>): ConfigInfo[];
};

export type MethodName = keyof Methods;

/** Server-to-client notifications (JSON-RPC requests without an id). */
export type Notifications = {
  stateChange: StateChange;
  /** New output of a followed log (`tail -f`, `maintail -f`). */
  log: LogChunk;
  /** The shutdown is over (subscribers of `shutdown` only); graced exits once they have left. */
  shutdownComplete: ShutdownComplete;
};

/** The notifications as a method map: what json-rpc-2.0's typed server takes on the receiving side. */
export type NotificationMethods = { [K in keyof Notifications]: (params: Notifications[K]) => void };

/** What `subscribe` accepts. */
export const SUBSCRIBE_EVENTS = ["state", "shutdown"] as const;
export type SubscribeEvent = (typeof SUBSCRIBE_EVENTS)[number];

/** Each method once: the compiler rejects a method missing here or a name that is not one. */
const EVERY_METHOD: Record<MethodName, true> = {
  status: true,
  start: true,
  stop: true,
  restart: true,
  version: true,
  shutdown: true,
  subscribe: true,
  tail: true,
  maintail: true,
  clear: true,
  reread: true,
  update: true,
  reload: true,
  addGroups: true,
  removeGroups: true,
  avail: true,
  signal: true,
  wait: true,
  health: true,
  authenticate: true,
};

/** Every method name, for code that must enumerate them (docs, tests, completion). */
export const METHOD_NAMES = Object.keys(EVERY_METHOD) as readonly MethodName[];

export const PROTOCOL_VERSION = 1;

/** The grace release both binaries report. */
export const GRACE_VERSION = "0.1.0";

import { lstatSync, mkdirSync, realpathSync, unlinkSync } from "node:fs";
import { connect } from "node:net";
import { dirname, resolve } from "node:path";
import { defaultSocketPathHere, judgeSocketDir, socketPathLengthProblem, type Trust, trustFor } from "@grace/protocol";
import type { Config } from "../config/model.js";
import type { Logger } from "../logs/logger.js";
import { InstanceLock, type TryLock } from "./instance-lock.js";
import { SocketInUseError } from "./server.js";
import { StartRefused } from "./start-refused.js";

/**
 * The control socket's place on disk (SPEC §5), before and while RpcServer listens there: its
 * directory (created 0700, refused when another user could replace the socket in it), the
 * instance lock beside it, a stale socket left by a dead graced, and a socket file that someone
 * removed while graced runs.
 */

/** Where graced listens: `[unix_http_server] file`, else the default of SPEC §2.2. */
export function socketPathFor(config: Config, env: Record<string, string | undefined>): string {
  return config.server.file ?? defaultSocketPathHere(env);
}

/** Root and graced's own user: nobody else may own a directory on the way to the socket. */
export const gracedTrust = (uid: number): Trust => trustFor(uid, `graced's user (uid ${uid})`);

const probe = { lstat: (p: string) => lstatSync(p, { throwIfNoEntry: false }), realpath: (p: string) => realpathSync(p) };
const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Check the path's length, create its directory when missing, and judge who could replace it. */
export function prepareSocketDir(path: string, uid: number): void {
  const tooLong = socketPathLengthProblem(path);
  if (tooLong) throw new StartRefused(`the control socket path ${tooLong}; set [unix_http_server] file to a shorter one`);
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new StartRefused(`cannot create the control socket's directory ${dir}: ${code(e)}`);
  }
  const verdict = judgeSocketDir(resolve(path), probe, gracedTrust(uid));
  if (!verdict.ok) {
    throw new StartRefused(
      `refusing to listen on ${path}: ${verdict.message}, so another user could replace the socket and read what ` +
        `gracectl sends, passwords too. Remove it, or give it to graced's user with mode 0700`,
    );
  }
}

export type SocketClaim = { lock: InstanceLock | null; tryLock: TryLock | null; warnings: string[] };

/**
 * Everything before listening: the directory, the lock (refuse when another graced holds it),
 * then a socket file already there: a live one refuses, a stale one is removed.
 */
export async function claimSocket(path: string, uid: number, loadTryLock: () => Promise<TryLock | string>): Promise<SocketClaim> {
  prepareSocketDir(path, uid);
  const warnings: string[] = [];
  const without = `; a second graced is then refused only while ${path} exists`;
  const tryLock = await loadTryLock();
  let lock: InstanceLock | null = null;
  if (typeof tryLock === "string") warnings.push(`cannot load koffi (${tryLock}), so no lock on ${path}.lock${without}`);
  else {
    const got = InstanceLock.acquire(`${path}.lock`, tryLock, gracedTrust(uid).uids, path);
    if (got instanceof InstanceLock) lock = got;
    else warnings.push(`${got.unlocked}${without}`);
  }
  await clearStale(path);
  return { lock, tryLock: typeof tryLock === "string" ? null : tryLock, warnings };
}

async function clearStale(path: string): Promise<void> {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (!st.isSocket()) throw new StartRefused(`${path} exists and is not a socket; graced will not remove it`);
  if (await isLive(path)) throw new SocketInUseError(path);
  try {
    unlinkSync(path); // stale: nobody listens
  } catch (e) {
    if (code(e) !== "ENOENT") throw new StartRefused(`cannot remove the stale socket ${path}: ${code(e)}`);
  }
}

function isLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** How often graced looks for its socket and lock file (two lstat calls). */
export const KEEP_SOCKET_EVERY_MS = 2000;

/**
 * A socket file removed while graced runs leaves graced deaf: gracectl finds nothing, and the
 * next graced would start beside this one. Make it (and the lock file) again: on SIGHUP and
 * SIGUSR2, and every KEEP_SOCKET_EVERY_MS.
 */
export class SocketKeeper {
  private busy: Promise<void> | undefined;
  /** The last failure, said once until it changes or the socket is back (no line every 2 s). */
  private failed = "";

  constructor(
    private readonly deps: {
      path: string;
      uid: number;
      claim: SocketClaim;
      /** Listen on `path` again (RpcServer.listen closes the deaf listener first). */
      listen: () => Promise<void>;
      logger: Logger;
      /** A shutdown removes the socket on purpose: from then on, leave it gone. */
      stopped: () => boolean;
    },
  ) {
    setInterval(() => void this.ensure("the periodic check"), KEEP_SOCKET_EVERY_MS).unref();
  }

  /** `noticed`: what made graced look (a signal's name, or the periodic check), for the log. */
  ensure(noticed: string): Promise<void> {
    if (this.deps.stopped()) return Promise.resolve();
    this.busy ??= this.check(noticed).finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async check(noticed: string): Promise<void> {
    const { path, uid, claim, logger } = this.deps;
    // nothing here may throw: a rejection from a timer would end graced, PID 1
    try {
      const socketGone = lstatSync(path, { throwIfNoEntry: false }) === undefined;
      const lockGone = claim.lock !== null && !claim.lock.current;
      if (!socketGone && !lockGone) {
        this.failed = "";
        return;
      }
      prepareSocketDir(path, uid);
      if (lockGone && claim.lock && claim.tryLock) {
        const why = claim.lock.renew(claim.tryLock, gracedTrust(uid).uids, path);
        logger.warn(why ?? `the lock file ${claim.lock.path} had been removed: graced holds a new one (noticed on ${noticed})`);
      }
      if (!socketGone) return;
      await this.deps.listen();
      logger.warn(`the control socket ${path} had been removed: graced listens on it again (noticed on ${noticed})`);
    } catch (e) {
      const message = `the control socket ${path} was removed and cannot be made again: ${(e as Error).message}`;
      if (message !== this.failed) logger.error(message);
      this.failed = message;
    }
  }
}

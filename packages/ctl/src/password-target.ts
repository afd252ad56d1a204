import { lstatSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { judgeSocketDir, trustFor } from "@grace/protocol";
import { UnreachableError } from "./errors.js";

const probe = { lstat: (p: string) => lstatSync(p, { throwIfNoEntry: false }), realpath: (p: string) => realpathSync(p) };

/**
 * gracectl sends a password only to a socket that no other user could have put in graced's
 * place: the same rule graced applies to its socket's directory (SPEC §5), with the user
 * running gracectl in graced's role. Without a password there is nothing to give away.
 */
export function checkPasswordTarget(socket: string, uid: number): void {
  const verdict = judgeSocketDir(resolve(socket), probe, trustFor(uid, `you (uid ${uid})`));
  if (!verdict.ok) {
    throw new UnreachableError(
      socket,
      `refusing to send a password: ${verdict.message}, so another user could have put their own socket there`,
    );
  }
}

import assert from "node:assert/strict";
import { linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { InstanceLock, loadTryLock, type TryLock } from "./instance-lock.js";
import { StartRefused } from "./start-refused.js";

const uid = process.getuid?.() ?? 0;
const fresh = () => join(mkdtempSync(join(tmpdir(), "grace-lock-unit-")), "grace.sock.lock");
const locked: TryLock = () => "locked";
const refused = (pattern: RegExp) => (e: unknown) => e instanceof StartRefused && pattern.test(e.message);

describe("InstanceLock", () => {
  it("takes the lock and writes graced's pid into the file", () => {
    const path = fresh();
    const lock = InstanceLock.acquire(path, locked, [uid], "/x.sock");
    assert.ok(lock instanceof InstanceLock);
    assert.equal(readFileSync(path, "utf8"), `${process.pid}\n`);
    assert.equal(lock.current, true);
  });

  it("refuses when another process holds it, naming the pid written in the file", () => {
    const path = fresh();
    writeFileSync(path, "4242\n", { mode: 0o600 });
    assert.throws(
      () => InstanceLock.acquire(path, () => "held", [uid], "/x.sock"),
      refused(/^another graced is already running for \/x\.sock \(pid 4242; it holds .*grace\.sock\.lock\)$/),
    );
    assert.equal(readFileSync(path, "utf8"), "4242\n", "the holder's pid is left as it was");
  });

  it("with the real flock: a second open file cannot take it while the first holds it", async () => {
    const tryLock = await loadTryLock();
    if (typeof tryLock === "string") assert.fail(`koffi: ${tryLock}`);
    const path = fresh();
    assert.ok(InstanceLock.acquire(path, tryLock, [uid], "/x.sock") instanceof InstanceLock);
    assert.throws(() => InstanceLock.acquire(path, tryLock, [uid], "/x.sock"), refused(new RegExp(`\\(pid ${process.pid};`)));
  });

  it("never writes through a symlink, a hard link or another user's file planted at its name", () => {
    const target = fresh();
    writeFileSync(target, "precious\n");
    const viaSymlink = fresh();
    symlinkSync(target, viaSymlink);
    assert.throws(() => InstanceLock.acquire(viaSymlink, locked, [uid], "/x.sock"), refused(/cannot open the lock file .*: ELOOP/));
    const viaHardlink = fresh();
    linkSync(target, viaHardlink);
    assert.throws(
      () => InstanceLock.acquire(viaHardlink, locked, [uid], "/x.sock"),
      refused(/is not a lock file graced made \(owner uid \d+, 2 link\(s\)\)/),
    );
    assert.throws(() => InstanceLock.acquire(fresh(), locked, [uid + 1], "/x.sock"), refused(new RegExp(`owner uid ${uid}, 1 link`)));
    assert.equal(readFileSync(target, "utf8"), "precious\n");
  });

  it("a file system without locks: carries on unlocked, saying why", () => {
    const path = fresh();
    assert.deepEqual(
      InstanceLock.acquire(path, () => ({ error: "errno 37" }), [uid], "/x.sock"),
      { unlocked: `cannot lock ${path} (errno 37)` },
    );
  });

  it("renews a lock file that was removed", () => {
    const path = fresh();
    const lock = InstanceLock.acquire(path, locked, [uid], "/x.sock") as InstanceLock;
    rmSync(path);
    assert.equal(lock.current, false);
    assert.equal(lock.renew(locked, [uid], "/x.sock"), null);
    assert.equal(lock.current, true);
    assert.equal(readFileSync(path, "utf8"), `${process.pid}\n`);
  });
});

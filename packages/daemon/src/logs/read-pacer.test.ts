import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CALM_PIPE, FLOOD_PIPE, ReadPacer, WAIT_MS } from "./read-pacer.js";

const KiB = 1024;
const SIZE = 256 * KiB;

/** A pacer over a pipe that grows and shrinks as asked, unless `refuse` says no; records the sizes asked for. */
function pacer(refuse: (bytes: number) => boolean = () => false) {
  const asked: number[] = [];
  const p = new ReadPacer((bytes) => {
    asked.push(bytes);
    return refuse(bytes) ? -1 : bytes;
  });
  return { read: (n: number) => p.afterRead(n, SIZE), asked };
}

describe("ReadPacer", () => {
  it("waits after a read that emptied the pipe, and reads on after one that filled the buffer", () => {
    const p = pacer();
    assert.deepEqual([p.read(100), p.read(SIZE), p.read(SIZE - 1)], [WAIT_MS, 0, WAIT_MS]);
  });

  it("grows the pipe once a wait brings 32 KiB, and shrinks it once one brings less than 4 KiB", () => {
    const p = pacer();
    for (const n of [8 * KiB, 31 * KiB, 32 * KiB, 200 * KiB, 5 * KiB, 3 * KiB, 3 * KiB]) p.read(n);
    assert.deepEqual(p.asked, [FLOOD_PIPE, CALM_PIPE]);
  });

  it("tries the shrink again when the pipe held too much to shrink (EBUSY)", () => {
    let busy = true;
    const p = pacer((bytes) => bytes === CALM_PIPE && busy);
    p.read(64 * KiB);
    p.read(KiB);
    busy = false;
    p.read(KiB);
    p.read(KiB);
    assert.deepEqual(p.asked, [FLOOD_PIPE, CALM_PIPE, CALM_PIPE]);
  });

  it("asks again on the next big read when the pipe could not grow (a limit on pipe sizes)", () => {
    const p = pacer((bytes) => bytes === FLOOD_PIPE);
    assert.equal(p.read(64 * KiB), WAIT_MS);
    p.read(KiB);
    p.read(64 * KiB);
    assert.deepEqual(p.asked, [FLOOD_PIPE, FLOOD_PIPE]);
  });
});

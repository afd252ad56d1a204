import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type SpawnOutcome, SpawnQueue, type SpawnQueueOptions } from "./spawn-queue.js";

/** A queue on a hand-driven clock and loop: `turn()` is the event loop's next turn. */
function setup(opts: Partial<SpawnQueueOptions> = {}) {
  let clock = 0;
  const turns: (() => void)[] = [];
  const queue = new SpawnQueue({ sliceMs: 1000, perSlice: 1000, holdMs: 1000, now: () => clock, defer: (run) => turns.push(run), ...opts });
  const ran: string[] = [];
  const job =
    (name: string, outcome: SpawnOutcome = "done", costMs = 0) =>
    (held: string | null) => {
      ran.push(held === null ? name : `${name} held: ${held}`);
      clock += costMs;
      return outcome;
    };
  const turn = () => {
    const pending = turns.splice(0);
    for (const run of pending) run();
    return pending.length > 0;
  };
  return { queue, ran, job, turn, advance: (ms: number) => (clock += ms) };
}

describe("SpawnQueue", () => {
  it("spawns a lone program at once, without waiting for the loop", () => {
    const { queue, ran, job } = setup();
    queue.add(job("web"));
    assert.deepEqual(ran, ["web"]);
    assert.equal(queue.waiting, 0);
  });

  it("spawns a burst a slice at a time, in the order asked, and gives the loop a turn between slices", () => {
    const { queue, ran, job, turn } = setup({ perSlice: 3 });
    for (let i = 0; i < 8; i++) queue.add(job(`p${i}`));
    assert.deepEqual(ran, ["p0", "p1", "p2"]);
    assert.equal(queue.waiting, 5);
    turn();
    assert.deepEqual(ran, ["p0", "p1", "p2", "p3", "p4", "p5"]);
    turn();
    assert.deepEqual(ran.slice(6), ["p6", "p7"]);
    assert.equal(queue.waiting, 0);
  });

  it("ends a slice when its time is used up, however few spawns it made", () => {
    const { queue, ran, job, turn } = setup({ sliceMs: 10 });
    for (let i = 0; i < 6; i++) queue.add(job(`p${i}`, "done", 4));
    assert.deepEqual(ran, ["p0", "p1", "p2"], "4 + 4 + 4 ms: the third spawn used the slice up");
    turn();
    assert.deepEqual(ran.slice(3), ["p3", "p4", "p5"]);
  });

  it("counts spawns asked for later in the same turn against the open slice", () => {
    const { queue, ran, job, turn } = setup({ perSlice: 2 });
    queue.add(job("a"));
    queue.add(job("b"));
    queue.add(job("c"));
    assert.deepEqual(ran, ["a", "b"]);
    turn();
    assert.deepEqual(ran, ["a", "b", "c"]);
    turn(); // the slice of c is over: a start asked for now runs at once again
    queue.add(job("d"));
    assert.deepEqual(ran, ["a", "b", "c", "d"]);
  });

  it("never runs a cancelled spawn, and does not count it as waiting", () => {
    const { queue, ran, job, turn } = setup({ perSlice: 1 });
    queue.add(job("first"));
    const tickets = ["x", "y", "z"].map((n) => queue.add(job(n)));
    tickets[0]?.cancel();
    tickets[2]?.cancel();
    tickets[2]?.cancel(); // twice is once
    assert.equal(queue.waiting, 1);
    while (turn());
    assert.deepEqual(ran, ["first", "y"]);
    assert.equal(queue.waiting, 0);
  });

  it("after the system refuses a process, fails the next spawns at once with its reason until holdMs has passed", () => {
    const { queue, ran, job, turn, advance } = setup({ perSlice: 2, holdMs: 1000 });
    queue.add(job("a", { starved: "EAGAIN: no more processes" }));
    queue.add(job("b"));
    queue.add(job("c"));
    while (turn());
    assert.deepEqual(ran, ["a", "b held: EAGAIN: no more processes", "c held: EAGAIN: no more processes"]);
    advance(1000);
    queue.add(job("d"));
    assert.equal(ran.at(-1), "d", "after the hold, a real spawn is tried again");
  });

  it("holds spawning too when the refusal is known only on a later tick", async () => {
    const { queue, ran, job } = setup();
    queue.add(() => Promise.resolve({ starved: "EMFILE: too many open files" }));
    await Promise.resolve();
    queue.add(job("b"));
    assert.deepEqual(ran, ["b held: EMFILE: too many open files"]);
  });
});

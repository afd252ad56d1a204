import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EventName } from "../config/event-types.js";
import { Pool, type PoolEffect } from "./pool.js";

const limits = { events: 10, chars: 1 << 20 };
const ev = (serial: number, name: EventName = "TICK_5", payload = `when:${serial}`) => ({ serial, name, payload });
const READY = Buffer.from("READY\n");
const OK = Buffer.from("RESULT 2\nOK");
const FAIL = Buffer.from("RESULT 4\nFAIL");

/** The serials sent, to whom: "l1<-3". */
const sends = (effects: PoolEffect[]) => effects.flatMap((e) => (e.type === "send" ? [`${e.listener}<-${e.serial}`] : []));
const logs = (effects: PoolEffect[], level: string) => effects.flatMap((e) => (e.type === "log" && e.level === level ? [e.message] : []));

/** A pool with these listeners, each spawned, RUNNING and READY. */
function ready(...names: string[]): Pool {
  const pool = new Pool("watch", "grace", limits);
  for (const n of names) {
    pool.spawned(n);
    pool.running(n, true);
    pool.output(n, READY);
  }
  return pool;
}

describe("the pool dispatcher", () => {
  it("sends an event to a READY listener with supervisord's envelope, and counts its own serial", () => {
    const pool = ready("l1");
    const [send] = pool.accept(ev(7, "PROCESS_GROUP_ADDED", "groupname:web\n"));
    assert.deepEqual(send, {
      type: "send",
      listener: "l1",
      serial: 7,
      data: "ver:3.0 server:grace serial:7 pool:watch poolserial:0 eventname:PROCESS_GROUP_ADDED len:14\ngroupname:web\n",
    });
    assert.equal(pool.stateOf("l1"), "BUSY");
  });

  it("holds events while no listener is READY, and sends the oldest first once one is", () => {
    const pool = new Pool("watch", "grace", limits);
    pool.spawned("l1");
    assert.deepEqual(sends([...pool.accept(ev(1)), ...pool.accept(ev(2))]), []);
    assert.deepEqual(sends(pool.output("l1", READY)), []); // READY but not RUNNING yet (startsecs)
    assert.deepEqual(sends(pool.running("l1", true)), ["l1<-1"]);
    assert.deepEqual(sends(pool.output("l1", Buffer.concat([OK, READY]))), ["l1<-2"]);
    assert.deepEqual(pool.held(), []);
  });

  it("a busy listener gets nothing more; another READY one does", () => {
    const pool = ready("l1", "l2");
    assert.deepEqual(sends([...pool.accept(ev(1)), ...pool.accept(ev(2)), ...pool.accept(ev(3))]), ["l1<-1", "l2<-2"]);
    assert.deepEqual(pool.held(), [3]);
  });

  it("FAIL puts the event back at the head, and it is sent again at the next READY", () => {
    const pool = ready("l1");
    pool.accept(ev(1));
    pool.accept(ev(2));
    const failed = pool.output("l1", FAIL);
    assert.deepEqual(pool.held(), [1, 2]);
    assert.deepEqual(logs(failed, "warn"), ['l1: event 1 was rejected ("FAIL"); the event goes back to the pool']);
    assert.deepEqual(sends(pool.output("l1", READY)), ["l1<-1"]);
  });

  it("a resent event keeps its serials", () => {
    const pool = ready("l1");
    const first = pool.accept(ev(4));
    pool.output("l1", FAIL);
    const again = pool.output("l1", READY);
    assert.deepEqual(
      [...first, ...again].flatMap((e) => (e.type === "send" ? [e.data.split("\n")[0]] : [])),
      [
        "ver:3.0 server:grace serial:4 pool:watch poolserial:0 eventname:TICK_5 len:6",
        "ver:3.0 server:grace serial:4 pool:watch poolserial:0 eventname:TICK_5 len:6",
      ],
    );
  });

  it("a full buffer drops the oldest event and logs it", () => {
    const pool = new Pool("watch", "grace", { events: 3, chars: 1 << 20 });
    const effects = [1, 2, 3, 4, 5].flatMap((n) => pool.accept(ev(n)));
    assert.deepEqual(pool.held(), [3, 4, 5]);
    assert.deepEqual(logs(effects, "error"), [
      "pool watch event buffer overflowed, discarding event 1 (TICK_5)",
      "pool watch event buffer overflowed, discarding event 2 (TICK_5)",
    ]);
  });

  it("the character cap drops the oldest too, whatever buffer_size says", () => {
    const pool = new Pool("watch", "grace", { events: 100, chars: 10 });
    pool.accept(ev(1, "TICK_5", "123456"));
    pool.accept(ev(2, "TICK_5", "123456"));
    assert.deepEqual(pool.held(), [2]);
  });

  it("an event put back into a full buffer pushes the oldest out, as supervisord does", () => {
    const pool = new Pool("watch", "grace", { events: 2, chars: 1 << 20 });
    pool.spawned("l1");
    pool.running("l1", true);
    pool.output("l1", READY);
    pool.accept(ev(1)); // sent
    pool.accept(ev(2));
    pool.accept(ev(3));
    const effects = pool.output("l1", FAIL);
    assert.deepEqual(pool.held(), [1, 3]);
    assert.deepEqual(logs(effects, "error"), ["pool watch event buffer overflowed, discarding event 2 (TICK_5)"]);
  });

  it("a listener that dies with an event gives it back; its next life starts ACKNOWLEDGED", () => {
    const pool = ready("l1");
    pool.accept(ev(1));
    pool.exited("l1");
    assert.deepEqual(pool.held(), [1]);
    pool.spawned("l1");
    assert.equal(pool.stateOf("l1"), "ACKNOWLEDGED");
    pool.running("l1", true);
    assert.deepEqual(sends(pool.output("l1", READY)), ["l1<-1"]);
  });

  it("a protocol violation makes the listener UNKNOWN, gives its event back, and it gets nothing more", () => {
    const pool = ready("l1", "l2");
    pool.accept(ev(1)); // to l1
    const effects = pool.output("l1", Buffer.from("garbage\n"));
    assert.equal(pool.stateOf("l1"), "UNKNOWN");
    assert.match(logs(effects, "warn")[0] ?? "", /^l1: has entered the UNKNOWN state .*bad result line: "garbage"\)$/);
    assert.deepEqual(sends(effects), ["l2<-1"]);
    assert.deepEqual(sends(pool.accept(ev(2))), []);
    assert.deepEqual(pool.held(), [2]);
  });

  it("a listener that never answers holds only its own event: the others wait in the buffer", () => {
    const pool = new Pool("watch", "grace", { events: 2, chars: 1 << 20 });
    pool.spawned("l1");
    pool.running("l1", true);
    pool.output("l1", READY);
    const effects = [1, 2, 3, 4].flatMap((n) => pool.accept(ev(n)));
    assert.deepEqual(sends(effects), ["l1<-1"]);
    assert.deepEqual(pool.held(), [3, 4]);
  });

  it("a listener that leaves RUNNING (stopping) is sent nothing, but its answer still counts", () => {
    const pool = ready("l1");
    pool.accept(ev(1));
    pool.running("l1", false);
    pool.output("l1", OK);
    assert.deepEqual(sends(pool.output("l1", READY)), []);
    assert.deepEqual(sends(pool.accept(ev(2))), []);
    assert.deepEqual(pool.held(), [2]);
  });

  it("a new process of a listener whose exit was not told yet gives its old event back", () => {
    const pool = ready("l1");
    pool.accept(ev(1));
    const effects = pool.spawned("l1");
    assert.deepEqual(pool.held(), [1]);
    assert.deepEqual(logs(effects, "warn"), ["l1: exited before it answered event 1; the event goes back to the pool"]);
  });

  it("output from a listener it does not know is ignored", () => {
    const pool = new Pool("watch", "grace", limits);
    assert.deepEqual(pool.output("ghost", READY), []);
    assert.deepEqual(pool.exited("ghost"), []);
  });
});

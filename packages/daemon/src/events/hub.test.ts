import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import { defaultProgram } from "../config/defaults.js";
import type { ProgramConfig } from "../config/model.js";
import { initialRecord, type ProcRecord } from "../process/record.js";
import { EventHub, type EventSource } from "./hub.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A process the hub can watch: its config, record and state are set by the test. */
class Proc implements EventSource {
  record: ProcRecord = initialRecord();
  constructor(readonly cfg: ProgramConfig) {}
  get state(): StateName {
    return this.record.state;
  }
  /** Move to `state` with `patch`, telling the hub as the Supervisor would. */
  go(hub: EventHub, state: StateName, patch: Partial<ProcRecord> = {}): void {
    const from = this.record.state;
    this.record = { ...this.record, ...patch, state };
    hub.stateChanged(this, from);
  }
}

const program = (name: string, patch: Partial<ProgramConfig> = {}) =>
  new Proc({ ...defaultProgram(name, { file: "/t.conf", line: 1 }), ...patch });
const listener = (name: string, events: string[]) => program(name, { listener: { events, bufferSize: 10 }, startsecs: 0 });

/** A listener's child whose stdin collects what the hub writes; `answer` feeds its stdout. */
function child(hub: EventHub, p: Proc, pid: number) {
  const written: string[] = [];
  const stdin = new Writable({
    write(chunk, _enc, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const stdout = new EventEmitter();
  const tap = hub.attach(p, { pid, stdin, stdout });
  hub.spawned(p, pid);
  p.go(hub, "RUNNING", { pid });
  return { written, answer: (text: string) => tap("stdout", Buffer.from(text)), tap };
}

/** The events a listener was sent: eventname and payload. */
const heard = (written: string[]) =>
  written.map((w) => {
    const [header = "", payload] = [w.slice(0, w.indexOf("\n")), w.slice(w.indexOf("\n") + 1)];
    return `${/eventname:(\S+)/.exec(header)?.[1]} ${/serial:(\d+)/.exec(header)?.[1]} ${payload}`;
  });

function setup(procs: Proc[]) {
  const hub = new EventHub({ server: "grace", logger: quiet, now: Date.now, list: () => procs });
  return hub;
}

describe("the event hub", () => {
  it("EXITED and STOPPED name the pid that went away; STOPPED from BACKOFF has none", async () => {
    const web = program("web");
    const l = listener("watch", ["PROCESS_STATE_EXITED", "PROCESS_STATE_STOPPED"]);
    const hub = setup([web, l]);
    const c = child(hub, l, 9);
    c.answer("READY\n");
    web.go(hub, "STARTING");
    hub.spawned(web, 42);
    web.go(hub, "RUNNING", { pid: 42 });
    web.go(hub, "EXITED", { pid: 0, exitCode: 3, exitSignal: null });
    c.answer("RESULT 2\nOKREADY\n");
    web.go(hub, "STARTING");
    web.go(hub, "BACKOFF", { backoff: 1 });
    web.go(hub, "STOPPED");
    hub.close();
    assert.deepEqual(heard(c.written), [
      "PROCESS_STATE_EXITED 0 processname:web groupname:web from_state:RUNNING expected:0 pid:42",
      "PROCESS_STATE_STOPPED 1 processname:web groupname:web from_state:BACKOFF pid:0",
    ]);
  });

  it("output becomes PROCESS_LOG events only where *_events_enabled says so; redirected stderr counts as stdout", () => {
    const l = listener("watch", ["PROCESS_LOG"]);
    const loud = program("loud", {
      stdout: { ...defaultProgram("x", { file: "", line: 0 }).stdout, eventsEnabled: true },
      redirectStderr: true,
    });
    const mute = program("mute");
    const hub = setup([l, loud, mute]);
    const c = child(hub, l, 9);
    c.answer("READY\n");
    const tapLoud = hub.attach(loud, { pid: 50, stdout: null });
    const tapMute = hub.attach(mute, { pid: 51, stdout: null });
    tapMute("stdout", Buffer.from("not sent\n"));
    tapLoud("stderr", Buffer.from("oops\n"));
    hub.close();
    assert.deepEqual(heard(c.written), ["PROCESS_LOG_STDOUT 0 processname:loud groupname:loud pid:50 channel:stdout\noops\n"]);
  });

  it("counts serials across pools, only for events some pool takes", () => {
    const a = listener("a", ["TICK", "PROCESS_GROUP_ADDED"]);
    const b = listener("b", ["PROCESS_GROUP"]);
    const hub = setup([a, b]);
    const ca = child(hub, a, 1);
    const cb = child(hub, b, 2);
    ca.answer("READY\n");
    cb.answer("READY\n");
    hub.supervisorState("RUNNING"); // nobody takes it: no serial
    hub.groupChanged("added", "web");
    ca.answer("RESULT 2\nOKREADY\n");
    cb.answer("RESULT 2\nOKREADY\n");
    hub.groupChanged("removed", "web");
    hub.close();
    assert.deepEqual(heard(ca.written), ["PROCESS_GROUP_ADDED 0 groupname:web\n"]);
    assert.deepEqual(heard(cb.written), ["PROCESS_GROUP_ADDED 0 groupname:web\n", "PROCESS_GROUP_REMOVED 1 groupname:web\n"]);
  });

  it("a listener's stdout is its protocol, never a PROCESS_LOG event, even with stdout_events_enabled", () => {
    const l = listener("watch", ["EVENT"]);
    l.cfg.stdout.eventsEnabled = true;
    const hub = setup([l]);
    const c = child(hub, l, 9);
    c.answer("READY\n");
    c.answer("RESULT 2\nOKREADY\n");
    hub.remoteCommunication("t", "d");
    hub.close();
    assert.deepEqual(heard(c.written), [
      "PROCESS_STATE_RUNNING 0 processname:watch groupname:watch from_state:STOPPED pid:9",
      "REMOTE_COMMUNICATION 1 type:t\nd",
    ]);
  });
});

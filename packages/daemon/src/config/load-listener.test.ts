import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { formatDiagnostic } from "@grace/ini";
import { readConfig } from "./load.js";
import { parseBufferSize, parseEvents } from "./sections/eventlistener.js";
import { ValueError } from "./values.js";

const read = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), "grace-listener-"));
  writeFileSync(join(dir, "main.conf"), text);
  const { config, diagnostics } = readConfig(join(dir, "main.conf"), { env: {}, host: "box" });
  return { config, problems: diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${dir}/`, "")) };
};

describe("[eventlistener:x] sections", () => {
  it("a pool of numprocs listeners is read into the model with its events and buffer_size", () => {
    const { config, problems } = read(
      "[eventlistener:watch]\ncommand=python3 l.py\nevents=process_state_exited, TICK_60 ,PROCESS_STATE_EXITED\nbuffer_size=3\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      config?.programs.map((p) => [p.group, p.name, p.listener]),
      [
        ["watch", "watch_0", { events: ["PROCESS_STATE_EXITED", "TICK_60"], bufferSize: 3 }],
        ["watch", "watch_1", { events: ["PROCESS_STATE_EXITED", "TICK_60"], bufferSize: 3 }],
      ],
    );
  });

  it("defaults as supervisord's: buffer_size 10, pool priority -1, and the stdout (the protocol) not logged", () => {
    const { config } = read("[program:web]\ncommand=w\n[eventlistener:l]\ncommand=x\nevents=EVENT");
    const l = config?.programs.find((p) => p.group === "l");
    assert.equal(l?.listener?.bufferSize, 10);
    assert.equal(l?.groupPriority, -1);
    assert.equal(l?.priority, 999);
    assert.equal(l?.stdout.logfile, null);
    assert.equal(l?.stderr.logfile, "AUTO");
    assert.equal(config?.programs.find((p) => p.group === "web")?.listener, undefined);
    assert.deepEqual(
      config?.groups.map((g) => [g.name, g.priority]),
      [
        ["web", 999],
        ["l", -1],
      ],
    );
  });

  it("its own priority is the pool's, and a stdout_logfile it names is kept", () => {
    const { config } = read("[eventlistener:l]\ncommand=x\nevents=TICK\npriority=5\nstdout_logfile=/tmp/l.log");
    assert.deepEqual(
      config?.programs.map((p) => [p.priority, p.groupPriority, p.stdout.logfile]),
      [[5, 5, "/tmp/l.log"]],
    );
  });

  it("every program key applies, with program_name and group_name the pool's", () => {
    const { config, problems } = read(
      "[eventlistener:l]\ncommand=run %(program_name)s %(group_name)s\nevents=TICK_5\nautorestart=true\nstartsecs=0\nenvironment=A=1",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      config?.programs.map((p) => [p.command, p.autorestart, p.startsecs, p.environment]),
      [["run l l", "true", 0, { A: "1" }]],
    );
  });

  it("problems are errors at their lines: unknown event (with a hint), bad buffer_size, a Python result_handler, redirect_stderr", () => {
    const { config, problems } = read(
      "[eventlistener:w]\ncommand=x\nevents=PROCESS_STATE_EXIT, TICK_60\nbuffer_size=0\nresult_handler=superlance.foo:handler\nredirect_stderr=true",
    );
    assert.equal(config, undefined);
    assert.deepEqual(problems, [
      'main.conf:3: [eventlistener:w] events: unknown event type "PROCESS_STATE_EXIT" (did you mean "PROCESS_STATE_EXITED"?)',
      'main.conf:4: [eventlistener:w] buffer_size: expected a positive integer, got "0"',
      'main.conf:5: [eventlistener:w] result_handler: "superlance.foo:handler": graced cannot load a Python result handler; only the default (supervisor.dispatchers:default_handler: OK accepts an event, any other result rejects it) is supported',
      "main.conf:6: [eventlistener:w] redirect_stderr: not allowed for an event listener: its stdout carries the protocol, stderr mixed into it would break it",
    ]);
  });

  it("a section without events is an error, as in supervisord; the default result_handler written out is fine", () => {
    assert.deepEqual(read("[eventlistener:w]\ncommand=x\nresult_handler = supervisor.dispatchers:default_handler").problems, [
      "main.conf:1: [eventlistener:w] events: missing: an event listener needs the event types it receives, e.g. events = PROCESS_STATE",
    ]);
    assert.deepEqual(read("[eventlistener:w]\ncommand=x\nevents = ,").problems, [
      "main.conf:3: [eventlistener:w] events: missing: an event listener needs the event types it receives, e.g. events = PROCESS_STATE",
    ]);
  });

  it("warns for events graced never sends and for stdout keys that mean nothing to a listener", () => {
    const { config, problems } = read("[eventlistener:w]\ncommand=x\nevents=PROCESS_COMMUNICATION_STDOUT\nstdout_events_enabled=true");
    assert.ok(config);
    assert.deepEqual(problems, [
      "main.conf:3: [eventlistener:w] events: warning: PROCESS_COMMUNICATION_STDOUT: graced never sends these events (it has no capture mode, *_capture_maxbytes)",
      "main.conf:4: [eventlistener:w] stdout_events_enabled: warning: ignored: an event listener's stdout is its protocol channel",
    ]);
  });

  it("supervisord-dependent-startup's listener is still skipped with a note, not run", () => {
    const { config, problems } = read(
      "[eventlistener:dependentstartup]\ncommand=python -m supervisord_dependent_startup\nevents=PROCESS_STATE\n[program:a]\ncommand=a",
    );
    assert.deepEqual(
      config?.programs.map((p) => p.name),
      ["a"],
    );
    assert.match(problems.join("\n"), /note: supervisord-dependent-startup's event listener is not needed/);
  });
});

describe("parseEvents", () => {
  const table: [string, string[], string[]][] = [
    ["PROCESS_STATE", ["PROCESS_STATE"], []],
    ["process_log_stdout,tick_3600", ["PROCESS_LOG_STDOUT", "TICK_3600"], []],
    ["EVENT, EVENT", ["EVENT"], []],
    [
      "SUPERVISOR_STATE_CHANGE_RUNNING REMOTE_COMMUNICATION",
      [],
      ['unknown event type "SUPERVISOR_STATE_CHANGE_RUNNING REMOTE_COMMUNICATION"'],
    ],
    ["TIK_5, PROCESS_GROUP_ADDED", ["PROCESS_GROUP_ADDED"], ['unknown event type "TIK_5" (did you mean "TICK_5"?)']],
  ];
  for (const [text, names, errors] of table) {
    it(JSON.stringify(text), () => {
      const reported: string[] = [];
      assert.deepEqual(
        parseEvents(text, (m) => reported.push(m)),
        names,
      );
      assert.deepEqual(reported, errors);
    });
  }
});

describe("parseBufferSize", () => {
  it("takes 1 … 10000 and quotes anything else", () => {
    assert.equal(parseBufferSize("1"), 1);
    assert.equal(parseBufferSize(" 10000 "), 10000);
    for (const bad of ["0", "-1", "ten", "10001"]) assert.throws(() => parseBufferSize(bad), ValueError, bad);
    assert.throws(() => parseBufferSize("10001"), /at most 10000 events per pool/);
  });
});

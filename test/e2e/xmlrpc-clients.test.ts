import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon } from "../helpers/daemon.js";
import { freePort, everyMethod as python, startTwins, supervisorSkip, type Twin } from "../helpers/supervisord.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * Python's own XML-RPC client (xmlrpc.client.ServerProxy) calls every method of supervisord's
 * API, the recorder's list (scripts/record-supervisord-xmlrpc.py), on graced and on the real
 * supervisord with the same config: over the Unix socket (a small transport class in the
 * script), then over [inet_http_server] with HTTP Basic auth. Every call must fault with the
 * same code on both, or answer the same type.
 */
/** The file's text, "" while it does not exist yet. */
const textOf = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");

type Line = { method: string; params: unknown[]; fault?: number; answer?: unknown };
const lines = (out: string): Line[] =>
  out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);

describe("xmlrpc.client.ServerProxy: every method, the same faults as supervisord's", { skip: supervisorSkip() }, () => {
  let sv: Twin;
  let gr: Twin;
  const ports: Record<Twin["kind"], number> = { supervisord: 0, graced: 0 };

  before(async () => {
    ports.supervisord = await freePort();
    ports.graced = await freePort();
    const config = await python(["config"]);
    [sv, gr] = await startTwins(config, {
      supervisord: { GRACE_TEST_PORT: String(ports.supervisord) },
      graced: { GRACE_TEST_PORT: String(ports.graced) },
    });
    for (const t of [sv, gr]) {
      await waitUntil(`${t.kind}'s web`, async () => ((await t.ctl("status", "web")).code === 0 ? true : undefined), 10_000);
      // the recorder starts once web's output is in its log
      await waitUntil(`${t.kind}'s web output`, () => (textOf(join(t.dir, "web.out")).length > 0 ? true : undefined), 10_000);
    }
  });
  after(async () => {
    await Promise.all([sv?.stop(), gr?.stop()]);
  });

  function compare(expected: Line[], actual: Line[]): void {
    assert.equal(actual.length, expected.length);
    assert.ok(
      expected.some((l) => l.fault !== undefined) && expected.some((l) => l.answer !== undefined),
      "both faults and answers compared",
    );
    for (const [i, want] of expected.entries()) {
      assert.deepEqual(
        actual[i],
        want,
        `${want.method}(${JSON.stringify(want.params).slice(1, -1)}): graced (actual) vs supervisord (expected)`,
      );
    }
  }

  it("over the Unix socket", async () => {
    const [a, b] = [await python(["calls", `unix://${sv.sock}`]), await python(["calls", `unix://${gr.sock}`])];
    compare(lines(a), lines(b));
  });

  it("over [inet_http_server] with HTTP Basic auth ({SHA} password)", async () => {
    const url = (t: Twin) => `http://user:secret@127.0.0.1:${ports[t.kind]}`;
    const [a, b] = [await python(["calls", url(sv)]), await python(["calls", url(gr)])];
    compare(lines(a), lines(b));
  });

  it("over [inet_http_server], a wrong password is refused (401) by both", async () => {
    for (const t of [sv, gr]) {
      await assert.rejects(python(["calls", `http://user:wrong@127.0.0.1:${ports[t.kind]}`]), /401/, t.kind);
    }
  });
});

describe("supervisor.childutils in a child of graced", { skip: supervisorSkip() }, () => {
  it("finds graced through SUPERVISOR_SERVER_URL and calls back into it", async () => {
    const code = [
      "import os",
      "from supervisor import childutils",
      "rpc = childutils.getRPCInterface(os.environ)",
      "me = os.environ['SUPERVISOR_GROUP_NAME'] + ':' + os.environ['SUPERVISOR_PROCESS_NAME']",
      "print(os.environ['SUPERVISOR_ENABLED'], rpc.supervisor.getState()['statename'], rpc.supervisor.getProcessInfo(me)['statename'], flush=True)",
    ].join("; ");
    const d = await startDaemon(
      `[program:caller]\ncommand = /usr/bin/python3 -c "${code}"\nstartsecs = 0\nautorestart = false\nstdout_logfile = %(here)s/caller.out`,
    );
    try {
      const out = await waitUntil(
        "the caller's answer",
        () => {
          const text = textOf(join(d.dir, "caller.out"));
          return text.includes("\n") ? text : undefined;
        },
        15_000,
      );
      assert.equal(out, "1 RUNNING RUNNING\n");
    } finally {
      await d.stop();
    }
  });
});

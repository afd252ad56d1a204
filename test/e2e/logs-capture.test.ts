import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");

/** One XML-RPC call with string arguments on graced's control socket (HTTP is told apart from JSON-RPC there): the answer's XML. */
function xmlrpc(socket: string, method: string, args: string[]): Promise<string> {
  const params = args.map((a) => `<param><value><string>${a}</string></value></param>`).join("");
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path: "/RPC2", method: "POST", headers: { "Content-Type": "text/xml" } }, (res) => {
      let xml = "";
      res.on("data", (c) => (xml += c));
      res.on("end", () => resolve(xml));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("program output capture", () => {
  it("writes AUTO logs named after the process and stream into childlogdir", async () => {
    const d = await startDaemon(`
[program:web]
command = sh -c 'echo to-out; echo to-err >&2; exec sleep 1000'
startsecs = 0
`);
    try {
      const info = await d.waitForState("web", "RUNNING");
      assert.match(info.stdout_logfile, /web-stdout---grace-[0-9a-f]{6}\.log$/);
      assert.match(info.stderr_logfile, /web-stderr---grace-[0-9a-f]{6}\.log$/);
      await waitUntil("both lines", () =>
        read(info.stdout_logfile) === "to-out\n" && read(info.stderr_logfile) === "to-err\n" ? true : undefined,
      );
    } finally {
      await d.stop();
    }
  });

  it("redirect_stderr merges stderr into the stdout log and has no stderr log", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:both]
command = sh -c 'echo one; echo two >&2; exec sleep 1000'
redirect_stderr = true
startsecs = 0
`);
    try {
      const info = await d.waitForState("both", "RUNNING");
      assert.equal(info.stderr_logfile, "");
      assert.ok(info.stdout_logfile.startsWith(d.dir), info.stdout_logfile);
      await waitUntil("both lines in stdout's log", () => {
        const text = read(info.stdout_logfile);
        return text.includes("one\n") && text.includes("two\n") ? true : undefined;
      });
      assert.equal(readdirSync(d.dir).filter((f) => f.includes("-stderr---")).length, 0, "no stderr file was created");
    } finally {
      await d.stop();
    }
  });

  it("a program can open /dev/stdout and /dev/stderr: its output comes through pipes, not sockets", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:opener]
command = sh -c 'echo to-out > /dev/stdout; echo to-err > /dev/stderr; exec sleep 1000'
startsecs = 0
`);
    try {
      const info = await d.waitForState("opener", "RUNNING");
      await waitUntil("both lines", () =>
        read(info.stdout_logfile) === "to-out\n" && read(info.stderr_logfile) === "to-err\n" ? true : undefined,
      );
    } finally {
      await d.stop();
    }
  });

  it("a flood of short lines through a small rotated log keeps every line, and every file ends at a line end", async () => {
    const line = "0123456789012345678901234567890123456789\n";
    const total = 3_000_000;
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:flood]
command = sh -c 'yes ${line.trim()} | head -c ${total}; exec sleep 1000'
stdout_logfile = %(here)s/flood.log
stdout_logfile_maxbytes = 100000
stdout_logfile_backups = 40
startsecs = 0
`);
    try {
      await d.waitForState("flood", "RUNNING");
      const files = () =>
        [...Array.from({ length: 40 }, (_, i) => join(d.dir, `flood.log.${40 - i}`)), join(d.dir, "flood.log")].filter(existsSync);
      await waitUntil(
        "every byte in the files",
        () => (files().reduce((n, f) => n + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0) === total ? true : undefined),
        20_000,
      );
      const kept = files().map(read);
      assert.ok(kept.length > 25, `rotated: ${kept.length} files`);
      const all = kept.join("");
      assert.equal(all, line.repeat(Math.ceil(total / line.length)).slice(0, total));
      for (const [i, k] of kept.slice(0, -1).entries()) assert.ok(k.length <= 100_000 && k.endsWith("\n"), `file ${i} ends at a line end`);
    } finally {
      await d.stop();
    }
  });

  it("a stream nobody can see (NONE, no echo) is /dev/null to the program, one with a log a pipe", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:half]
command = sh -c 'readlink /proc/self/fd/3 /proc/self/fd/4 3>&1 4>&2 >fds.tmp && mv fds.tmp fds; exec sleep 1000'
directory = %(here)s
stdout_logfile = NONE
startsecs = 0
`);
    try {
      await d.waitForState("half", "RUNNING");
      await waitUntil("its stdout and stderr named", () => (read(join(d.dir, "fds")) !== "" ? true : undefined));
      assert.match(read(join(d.dir, "fds")), /^\/dev\/null\npipe:\[\d+\]\n$/);
    } finally {
      await d.stop();
    }
  });

  it("graced runs with its V8 flags on its command line; its programs run without them", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:node]
command = ${process.execPath} -e 'console.log(process.execArgv.filter((a) => a.startsWith("--")), process.env.NODE_OPTIONS, typeof gc)'
startsecs = 0
autorestart = false
`);
    try {
      const info = await d.waitForState("node", "EXITED");
      await waitUntil("its line", () => (read(info.stdout_logfile) !== "" ? true : undefined));
      assert.equal(read(info.stdout_logfile), "[] undefined undefined\n");
      const cmdline = readFileSync(`/proc/${d.child.pid}/cmdline`, "utf8").split("\0");
      assert.ok(cmdline.includes("--lite-mode") && cmdline.includes("--expose-gc"), cmdline.join(" "));
    } finally {
      await d.stop();
    }
  });

  for (const value of ["/etc/grace-test/extra-ca.pem", ""]) {
    it(`NODE_EXTRA_CA_CERTS=${JSON.stringify(value)}: not read by graced's own node, its programs get it as it was`, async () => {
      const d = await startDaemon(
        `
[supervisord]
childlogdir = %(here)s

[program:env]
command = sh -c 'echo "extra=\${NODE_EXTRA_CA_CERTS-unset} saved=\${GRACE_SAVED_NODE_EXTRA_CA_CERTS-unset}"'
startsecs = 0
autorestart = false
`,
        { env: { NODE_EXTRA_CA_CERTS: value } },
      );
      try {
        const info = await d.waitForState("env", "EXITED");
        await waitUntil("its line", () => (read(info.stdout_logfile) !== "" ? true : undefined));
        assert.equal(read(info.stdout_logfile), `extra=${value} saved=unset\n`);
        // the node that runs graced was started without it (Node reads the file at start)
        const environ = readFileSync(`/proc/${d.child.pid}/environ`, "utf8").split("\0");
        assert.ok(!environ.some((v) => v.startsWith("NODE_EXTRA_CA_CERTS=")), environ.join(" "));
        assert.ok(environ.includes(`GRACE_SAVED_NODE_EXTRA_CA_CERTS=${value}`));
      } finally {
        await d.stop();
      }
    });
  }

  it("a program's stdin takes what sendProcessStdin sends (a pipe graced opens at the first write)", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:reader]
command = sh -c 'read line; echo "got $line"; exec sleep 1000'
startsecs = 0
`);
    try {
      const info = await d.waitForState("reader", "RUNNING");
      const answer = await xmlrpc(d.socket, "supervisor.sendProcessStdin", ["reader", "hello\n"]);
      assert.match(answer, /<boolean>1<\/boolean>/, answer);
      await waitUntil("its answer in its log", () => (read(info.stdout_logfile) === "got hello\n" ? true : undefined));
    } finally {
      await d.stop();
    }
  });

  it("NONE writes no file, and tail says there is none", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:quiet]
command = sh -c 'echo discarded; exec sleep 1000'
stdout_logfile = NONE
stderr_logfile = NONE
startsecs = 0
`);
    try {
      const info = await d.waitForState("quiet", "RUNNING");
      assert.equal(info.stdout_logfile, "");
      const r = await d.ctl("tail", "quiet");
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^quiet: ERROR \(no log file/);
      assert.deepEqual(
        readdirSync(d.dir).filter((f) => f.endsWith(".log")),
        [],
      );
    } finally {
      await d.stop();
    }
  });

  it("/dev/stdout gets the program's output with the default maxbytes, without an error", async () => {
    const d = await startDaemon(`
[program:direct]
command = sh -c 'echo straight-to-stdout; exec sleep 1000'
stdout_logfile = /dev/stdout
startsecs = 0
`);
    try {
      await d.waitForState("direct", "RUNNING");
      await waitUntil("the line on graced's stdout", () => (d.log.includes("straight-to-stdout\n") ? true : undefined));
      assert.doesNotMatch(d.log, /ERROR|cannot write|Illegal seek/);
    } finally {
      await d.stop();
    }
  });

  it("container echo prefixes whole lines, holds partial lines, flushes the last one at exit", async () => {
    const d = await startDaemon(`
[supervisord]
echo_output = true

[program:a]
command = sh -c 'printf "par"; sleep 0.3; printf "tial\\nsecond\\n"; printf "no newline at exit"'
startsecs = 0
autorestart = false

[program:b]
command = sh -c 'echo from-b-stderr >&2; exec sleep 1000'
startsecs = 0
`);
    try {
      await d.waitForState("a", "EXITED");
      await waitUntil("a's last line", () => (d.log.includes("a | no newline at exit\n") ? true : undefined));
      assert.match(d.log, /^a \| partial$/m);
      assert.match(d.log, /^a \| second$/m);
      assert.match(d.log, /^b \| from-b-stderr$/m);
      assert.doesNotMatch(d.log, /^a \| par$/m, "a partial line is never printed on its own");
    } finally {
      await d.stop();
    }
  });

  it("output written after the stop signal, and a last line without newline, reach the log", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:talker]
command = ${fixture("talks-after-term.sh")} 20000
startsecs = 0
`);
    const info = await d.waitForState("talker", "RUNNING");
    await waitUntil("ready", () => (read(info.stdout_logfile).startsWith("ready\n") ? true : undefined));
    const { code } = await d.stop();
    assert.equal(code, 0, d.log);
    const lines = read(info.stdout_logfile).split("\n");
    assert.equal(lines.length, 20002, "ready + 20000 lines + the last");
    assert.equal(lines[20000], "after-term 20000");
    assert.equal(lines[20001], "goodbye");
  });

  it("the last line of a crashing program is captured", async () => {
    const d = await startDaemon(`
[supervisord]
childlogdir = %(here)s

[program:crash]
command = sh -c 'echo starting; printf "panic: out of cheese" >&2; exit 3'
startsecs = 0
autorestart = false
`);
    try {
      const info = await d.waitForState("crash", "EXITED");
      await waitUntil("the last words", () => (read(info.stderr_logfile) === "panic: out of cheese" ? true : undefined));
    } finally {
      await d.stop();
    }
  });

  it("a failing disk is reported once; the program and the daemon keep running", async () => {
    const d = await startDaemon(`
[program:full]
command = sh -c 'i=1; while :; do echo "tick $i"; echo "tick $i" >&2; i=$((i+1)); sleep 0.02; done'
stdout_logfile = /dev/full
startsecs = 0
`);
    try {
      const first = await d.waitForState("full", "RUNNING");
      await waitUntil("the error", () => (d.log.includes("cannot write full's stdout log /dev/full: ENOSPC") ? true : undefined));
      // stderr goes to a working file: it shows the program kept writing long after the first failure
      await waitUntil("50 ticks on stderr", () => (read(first.stderr_logfile).includes("tick 50\n") ? true : undefined), 10_000);
      assert.equal((await d.ctl("status", "full")).code, 0, "the control socket answers");
      const again = await d.info("full");
      assert.equal(again.statename, "RUNNING");
      assert.equal(again.pid, first.pid, "the program was not restarted");
      assert.equal(d.log.match(/cannot write/g)?.length, 1, d.log);
    } finally {
      await d.stop();
    }
  });
});

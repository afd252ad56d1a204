// The daemons' process lists over their own sockets, without a control client's start-up:
// for waiting on states, and for probing how fast a daemon answers.
import { request } from "node:http";
import { connect } from "node:net";

/** graced's status over its socket: [pids of RUNNING processes]. */
export function gracedRunning(socket) {
  return new Promise((done) => {
    const c = connect(socket);
    let buf = "";
    c.on("error", () => done(null));
    c.on("connect", () => c.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: {} })}\n`));
    c.on("data", (d) => {
      buf += d;
      if (!buf.includes("\n")) return;
      c.destroy();
      const procs = JSON.parse(buf).result.processes;
      done(procs.filter((p) => p.statename === "RUNNING").map((p) => p.pid));
    });
  });
}

/** supervisord's getAllProcessInfo over XML-RPC on its unix socket: [pids of RUNNING processes]. */
export function supervisordRunning(socket) {
  const body = '<?xml version="1.0"?><methodCall><methodName>supervisor.getAllProcessInfo</methodName><params/></methodCall>';
  return new Promise((done) => {
    const req = request({ socketPath: socket, path: "/RPC2", method: "POST", headers: { "Content-Type": "text/xml" } }, (res) => {
      let xml = "";
      res.on("data", (d) => (xml += d));
      res.on("end", () => {
        const pids = [];
        for (const s of xml.split("</struct>")) {
          if (!/<name>statename<\/name>\s*<value><string>RUNNING</.test(s)) continue;
          pids.push(Number(/<name>pid<\/name>\s*<value><int>(\d+)</.exec(s)?.[1]));
        }
        done(pids);
      });
    });
    req.on("error", () => done(null));
    req.end(body);
  });
}

async function measure(name, { start, running, ctl }) {
  const t0 = performance.now();
  const daemon = start();
  let pids = [];
  while (performance.now() - t0 < 120_000) {
    pids = (await running()) ?? [];
    if (pids.length === N) break;
    await sleep(20);
  }
  const startS = (performance.now() - t0) / 1000;
  const complete = pids.length === N;
  const rss = rssMb(daemon.pid);
  const times = [];
  for (let i = 0; complete && i < STATUS_RUNS; i++) times.push(await ctl());
  // end what we started, by pid: the daemon, then any child it left behind
  const exited = new Promise((r) => daemon.once("exit", r));
  daemon.kill("SIGTERM");
  const timer = setTimeout(() => daemon.kill("SIGKILL"), 120_000);
  await exited;
  clearTimeout(timer);
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (!complete) throw new Error(`${name}: only ${pids.length} of ${N} RUNNING after 120 s`);
  return { name, startS, rss, status: median(times) };
}

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

// The daemons' process lists over their own sockets, asked from inside the bench (no control
// client process to start): for waiting on states, and for probing how fast a daemon answers.
import { request } from "node:http";
import { Client } from "../packages/ctl/dist/client.js";

/** graced's whole status over its socket (ProcessInfo[]), null while it does not answer. */
export async function gracedStatus(socket) {
  let client;
  try {
    client = await Client.connect(socket, 5000);
    return (await client.call("status", {})).processes;
  } catch {
    return null;
  } finally {
    client?.close();
  }
}

/** graced's status over its socket, through gracectl's client: [pids of RUNNING processes], null while it does not answer. */
export async function gracedRunning(socket) {
  let client;
  try {
    client = await Client.connect(socket, 5000);
    const { processes } = await client.call("status", {});
    return processes.filter((p) => p.statename === "RUNNING").map((p) => p.pid);
  } catch {
    return null;
  } finally {
    client?.close();
  }
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

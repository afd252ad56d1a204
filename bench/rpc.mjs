// The daemons' own sockets, asked from inside the bench (no control client process to start):
// for waiting on states, for probing how fast a daemon answers, and for starting a program
// without a client's CPU in the figures.
import { request } from "node:http";
import { Client } from "../packages/ctl/dist/client.js";

/** One call on graced's socket through gracectl's client: its result, null while graced does not answer. */
async function gracedCall(socket, method, params) {
  let client;
  try {
    client = await Client.connect(socket, 5000);
    return await client.call(method, params);
  } catch {
    return null;
  } finally {
    client?.close();
  }
}

/** graced's whole status over its socket (ProcessInfo[]), null while it does not answer. */
export async function gracedStatus(socket) {
  return (await gracedCall(socket, "status", {}))?.processes ?? null;
}

/** graced's status over its socket, through gracectl's client: [pids of RUNNING processes], null while it does not answer. */
export async function gracedRunning(socket) {
  return (await gracedStatus(socket))?.filter((p) => p.statename === "RUNNING").map((p) => p.pid) ?? null;
}

/** One XML-RPC call on supervisord's unix socket: the answer's XML, or null when it is not there (yet). */
function supervisordCall(socket, method, params = "") {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
  return new Promise((done) => {
    const req = request({ socketPath: socket, path: "/RPC2", method: "POST", headers: { "Content-Type": "text/xml" } }, (res) => {
      let xml = "";
      res.on("data", (d) => (xml += d));
      res.on("end", () => done(xml));
    });
    req.on("error", () => done(null));
    req.end(body);
  });
}

/** supervisord's getAllProcessInfo over XML-RPC on its unix socket: [pids of RUNNING processes]. */
export async function supervisordRunning(socket) {
  const xml = await supervisordCall(socket, "supervisor.getAllProcessInfo");
  if (xml === null) return null;
  const pids = [];
  for (const s of xml.split("</struct>")) {
    if (!/<name>statename<\/name>\s*<value><string>RUNNING</.test(s)) continue;
    pids.push(Number(/<name>pid<\/name>\s*<value><int>(\d+)</.exec(s)?.[1]));
  }
  return pids;
}

/** Start one program without waiting for it, on either daemon's socket. */
export function startProgram(kind, socket, name) {
  if (kind === "grace") return gracedCall(socket, "start", { names: [name], wait: false });
  const params = `<param><value><string>${name}</string></value></param><param><value><boolean>0</boolean></value></param>`;
  return supervisordCall(socket, "supervisor.startProcess", params);
}

#!/usr/bin/env node
// Issue 10 item 6: 100 `subscribe state` clients that never read, while state changes pour in
// (40 notifications of ~800 bytes per turn of the loop, as a restart of 10 programs sends),
// until every one is cut off at its 8 MiB. In one process, the control socket's RpcServer
// alone: prints how long that took and the longest the event loop went without a turn.
// Usage: node bench/slow-subscribers.mjs [path/to/packages/daemon/dist/rpc/server.js]
//   (default: this checkout's; pass another checkout's built server.js to compare)
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const module = resolve(process.argv[2] ?? join(ROOT, "packages/daemon/dist/rpc/server.js"));
const { RpcServer } = await import(pathToFileURL(module).href);

const dir = mkdtempSync(join(tmpdir(), "grace-bench-"));
const server = new RpcServer(join(dir, "s.sock"), { handshakeMs: 60_000 });
server.rpc.addMethod("subscribe", (_p, session) => {
  session.subscribed.add("state");
  return { subscribed: ["state"] };
});
await server.listen(0o700);

const clients = [];
for (let i = 0; i < 100; i++) {
  const c = connect(server.path);
  c.on("error", () => {});
  await new Promise((r) => c.once("connect", r));
  c.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "subscribe", params: { events: ["state"] } })}\n`);
  await new Promise((r) => c.once("data", r));
  c.pause(); // subscribed; never reads again
  clients.push(c);
}

const info = { fullName: "web:web", name: "web", group: "web", statename: "RUNNING", description: "pid 1234, uptime 0:00:01".padEnd(700) };
let worstTurn = 0;
let last = performance.now();
const lag = setInterval(() => {
  const now = performance.now();
  worstTurn = Math.max(worstTurn, now - last);
  last = now;
}, 5);
const open = () => server.connections.size;
const start = performance.now();
let sent = 0;
while (open() > 0 && sent < 40_000) {
  for (let i = 0; i < 40; i++, sent++) server.notify("state", "stateChange", { info, from: "STARTING" });
  await new Promise((r) => setImmediate(r));
}
const took = performance.now() - start;
await new Promise((r) => setTimeout(r, 100));
clearInterval(lag);
console.log(
  `${module}\n  ${sent} notifications to 100 slow subscribers, all cut off in ${took.toFixed(0)} ms; ` +
    `longest the loop went without a turn: ${worstTurn.toFixed(0)} ms; still open: ${open()}`,
);
for (const c of clients) c.destroy();
await server.close();
rmSync(dir, { recursive: true, force: true });

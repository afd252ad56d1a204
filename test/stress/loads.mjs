#!/usr/bin/env node
// The hostile clients of test/stress/hostile.mjs, in a process of their own (so that the
// status probe, like a real gracectl, does not wait behind them): node loads.mjs NAME SOCKET
// runs load NAME against SOCKET until SIGTERM (or until its stdin ends), then prints one JSON
// line: { summary, failure? }.
import { connect } from "node:net";
import { fmt, request, sleep } from "./lib.mjs";

const frame = (id, method, params = {}) => `${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`;

/** A client that sends one valid request, then calls `then(socket)` once answered. */
function client(socket, then) {
  const c = connect(socket);
  c.on("error", () => {});
  c.once("connect", () => c.write(frame(1, "version")));
  c.once("data", () => then(c));
  return c;
}

/** Each load starts hostile clients on `socket` and returns `stop()`, which closes them and says what happened. */
function dribble(socket) {
  const clients = new Set();
  let bytes = 0;
  let closed = 0;
  let running = true;
  const open = () => {
    const c = client(socket, () => {
      c.write('{"jsonrpc":"2.0","id":2,"method":"version","params":{"pad":"');
      const t = setInterval(() => {
        c.write("x");
        bytes++;
      }, 1);
      c.once("close", () => clearInterval(t));
    });
    clients.add(c);
    c.once("close", () => {
      clients.delete(c);
      closed++;
      if (running) open(); // as a hostile client would: come back at once
    });
  };
  for (let i = 0; i < 50; i++) open();
  return async () => {
    running = false;
    for (const c of clients) c.destroy();
    return { summary: `${bytes} bytes dribbled, ${closed} connections closed by graced` };
  };
}

function partial(socket) {
  const pad = `{"jsonrpc":"2.0","id":2,"method":"version","params":{"pad":"${"x".repeat(1_000_000 - 60)}`;
  const clients = [];
  let closed = 0;
  let running = true;
  void (async () => {
    for (let i = 0; i < 500 && running; i++) {
      const c = client(socket, () => c.write(pad));
      c.once("close", () => closed++);
      clients.push(c);
      if (i % 50 === 49) await sleep(10);
    }
  })();
  return async () => {
    running = false;
    const open = clients.filter((c) => !c.destroyed).length;
    for (const c of clients) c.destroy();
    return { summary: `${clients.length} clients × 1 MB unfinished frame: ${closed} closed by graced, ${open} still open` };
  };
}

function subscribers(socket) {
  const slow = [];
  for (let i = 0; i < Number(process.env.SUBSCRIBERS ?? 100); i++) {
    const c = connect(socket);
    c.on("error", () => {});
    c.once("connect", () => c.write(frame(1, "subscribe", { events: ["state"] })));
    c.once("data", () => c.pause()); // subscribed; never reads again
    slow.push(c);
  }
  let running = true;
  let worst = 0;
  let rounds = 0;
  const loop = (async () => {
    await sleep(300);
    while (running && rounds < 30) {
      const restart = request(socket, "restart", { names: ["all"] }, 60_000);
      const t = performance.now();
      const v = await request(socket, "version", {}, 30_000);
      worst = Math.max(worst, v ? performance.now() - t : Number.POSITIVE_INFINITY);
      await restart;
      rounds++;
    }
  })();
  return async () => {
    running = false;
    await Promise.race([loop, sleep(5000)]);
    for (const c of slow) c.destroy();
    const failure = worst > 1000 ? `version took ${fmt(worst)} during restart all` : undefined;
    return { summary: `${rounds} × restart all; worst version meanwhile ${fmt(worst)}`, failure };
  };
}

/** 100 followers of a program writing 2 KB every ms: each is cut off some 4,000 notifications behind. */
function followers(socket) {
  const slow = [];
  for (let i = 0; i < 100; i++) {
    const c = connect(socket);
    c.on("error", () => {});
    c.once("connect", () => c.write(frame(1, "tail", { name: "drip", bytes: 0, follow: true })));
    c.once("data", () => c.pause()); // following; never reads again
    slow.push(c);
  }
  return async () => {
    for (const c of slow) c.destroy();
    return { summary: "100 followers of a program writing 2 KB a millisecond" };
  };
}

/** 50 HTTP clients whose headers arrive a byte every 5 ms, each coming back when graced cuts it off (408). */
function httpSlow(socket) {
  const clients = new Set();
  let cut = 0;
  let running = true;
  const open = () => {
    const c = connect(socket);
    c.on("error", () => {});
    let t;
    c.once("connect", () => {
      c.write("POST /RPC2 HTTP/1.1\r\n");
      t = setInterval(() => c.writable && c.write("X"), 5);
    });
    clients.add(c);
    c.once("close", () => {
      clearInterval(t);
      clients.delete(c);
      cut++;
      if (running) open();
    });
  };
  for (let i = 0; i < 50; i++) open();
  return async () => {
    running = false;
    for (const c of clients) c.destroy();
    return { summary: `50 slow-header HTTP clients: ${cut} cut off by graced` };
  };
}

/**
 * HTTP clients that claim a 100 MB body and send as fast as they can until graced closes them,
 * coming back at once; beside them 40 that each hold a 1 MB body unfinished (more than the
 * shared input budget together).
 */
function httpBig(socket) {
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const clients = new Set();
  let sent = 0;
  let closed = 0;
  let running = true;
  const flood = () => {
    const c = connect(socket);
    c.on("error", () => {});
    const pump = () => {
      while (running && c.writable && c.write(chunk)) sent += chunk.length;
    };
    c.once("connect", () => {
      c.write(`POST /RPC2 HTTP/1.1\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`);
      pump();
    });
    c.on("drain", pump);
    clients.add(c);
    c.once("close", () => {
      clients.delete(c);
      closed++;
      if (running) flood();
    });
  };
  const hold = () => {
    const c = connect(socket);
    c.on("error", () => {});
    c.once("connect", () =>
      c.write(Buffer.concat([Buffer.from("POST /RPC2 HTTP/1.1\r\nContent-Length: 1048000\r\n\r\n"), Buffer.alloc(1_000_000, 0x20)])),
    );
    clients.add(c);
    c.once("close", () => {
      clients.delete(c);
      closed++;
      if (running) setTimeout(hold, 50);
    });
  };
  for (let i = 0; i < 10; i++) flood();
  for (let i = 0; i < 40; i++) hold();
  return async () => {
    running = false;
    for (const c of clients) c.destroy();
    return {
      summary: `${(sent / 1024 / 1024).toFixed(0)} MiB sent to 100 MB claims, 1 MB bodies held; ${closed} connections closed by graced`,
    };
  };
}

const loads = { dribble, partial, subscribers, followers, "http-slow": httpSlow, "http-big": httpBig };
const [name, socket] = process.argv.slice(2);
const stop = loads[name]?.(socket);
if (!stop) throw new Error(`no load ${name}`);
// stdin is a pipe from the runner: it keeps this process alive (paused sockets alone do not),
// and its end means the runner is gone, so the load goes too
process.stdin.on("end", () => process.exit(1));
process.stdin.resume();
process.once("SIGTERM", async () => {
  process.stdout.write(`${JSON.stringify(await stop())}\n`);
  process.exit(0);
});

import { request } from "node:http";
import { createConnection } from "node:net";
import { runAs, type ServerSet } from "./servers.js";
import { waitUntil } from "./wait.js";

/** Talking to the real servers of servers.ts, each through its own protocol. */

/** Send one command to redis over its Unix socket; the first line of the reply. */
export function redisCommand(socket: string, ...words: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    let reply = "";
    conn.on("error", reject);
    conn.on("data", (d) => {
      reply += d.toString();
      const end = reply.indexOf("\r\n");
      if (end >= 0) {
        conn.end();
        resolve(reply.slice(0, end));
      }
    });
    conn.write(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join("")}`);
  });
}

/** GET `path` from nginx over its Unix socket. */
export function httpGet(socket: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, headers: { host: "localhost" } }, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Run SQL through psql as postgres, over the server's Unix socket. */
export function psql(set: ServerSet, sql: string): Promise<string> {
  const args = ["-h", set.paths.pg, "-U", "postgres", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql];
  return runAs("postgres", set.bins.psql, args);
}

/** undefined while the server does not answer yet. */
async function quietly<T>(ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch {
    return undefined;
  }
}

/** Wait until every server answers, and give postgres and redis some data to keep. */
export async function waitServersUp(set: ServerSet, timeoutMs = 30_000): Promise<void> {
  const p = set.paths;
  await waitUntil("postgres to answer", () => quietly(() => psql(set, "select 1")), timeoutMs, 100);
  await psql(set, "create table kept (n int); insert into kept select generate_series(1, 1000);");
  await waitUntil("redis to answer PING", () => quietly(() => redisCommand(p.redisSocket, "PING")), timeoutMs, 100);
  await redisCommand(p.redisSocket, "SET", "kept", "yes");
  const nginxUp = async () => ((await quietly(() => httpGet(p.nginxSocket, "/")))?.status === 200 ? true : undefined);
  await waitUntil("nginx to answer", nginxUp, timeoutMs, 100);
}

/** postgres's own record of how it stopped: "shut down" means its next start needs no recovery. */
export async function clusterState(set: ServerSet): Promise<string> {
  const out = await runAs("postgres", set.bins.pgControldata, [set.paths.pgData]);
  return /^Database cluster state:\s+(.*)$/m.exec(out)?.[1] ?? `no cluster state in: ${out}`;
}

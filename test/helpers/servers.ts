import { execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CleanStop,
  cleanStops,
  nginxConf,
  phpFpmConf,
  programSections,
  redisConf,
  type ServerBinaries,
  type ServerPaths,
  serverPaths,
  slowPhp,
} from "./server-configs.js";

/**
 * Real servers that nobody here wrote (postgres, redis, nginx, php-fpm), set up to run under a
 * supervisor on Unix sockets in one temp dir, each as the user Debian gives it. Debian's
 * packages come from test/servers/install.sh; bench/ runs the same set under supervisord.
 */
export type ServerSet = {
  bins: ServerBinaries;
  paths: ServerPaths;
  /** `[program:x]` sections for the four servers. */
  programs: string;
  cleanStops: CleanStop[];
};

const sortedDesc = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort().reverse() : []);

/** The installed servers, or the names of those missing. */
export function findServers(): ServerBinaries | { missing: string[] } {
  const pgDir = sortedDesc("/usr/lib/postgresql")
    .map((version) => `/usr/lib/postgresql/${version}/bin`)
    .find((d) => existsSync(join(d, "postgres")));
  const found = {
    postgres: pgDir && join(pgDir, "postgres"),
    initdb: pgDir && join(pgDir, "initdb"),
    pgControldata: pgDir && join(pgDir, "pg_controldata"),
    psql: ["/usr/bin/psql"].find(existsSync),
    redis: ["/usr/bin/redis-server"].find(existsSync),
    nginx: ["/usr/sbin/nginx"].find(existsSync),
    phpFpm: sortedDesc("/usr/sbin")
      .filter((f) => /^php-fpm\d/.test(f))
      .map((f) => `/usr/sbin/${f}`)[0],
  };
  const missing = Object.entries(found)
    .filter(([, path]) => !path)
    .map(([name]) => name);
  return missing.length > 0 ? { missing } : (found as ServerBinaries);
}

/** uid and gid of a system account (postgres, redis, www-data). */
export function account(name: string): { uid: number; gid: number } {
  const fields = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`))
    ?.split(":");
  if (!fields) throw new Error(`no account ${name} in /etc/passwd`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Run a server's tool as `user`; its stdout, or an error that carries its output. */
export function runAs(user: string, file: string, args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C" };
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...account(user), cwd: "/", env, timeout: 60_000 }, (e, out, err) =>
      e ? reject(new Error(`${file} ${args.join(" ")}: ${e.message}\n${out}${err}`)) : resolve(out),
    );
  });
}

function ownedDir(path: string, user: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const { uid, gid } = account(user);
  chownSync(path, uid, gid);
}

/** Create the data directories and configs in a new temp dir, postgres's initdb included. */
export async function prepareServers(bins: ServerBinaries): Promise<ServerSet> {
  const p = serverPaths(mkdtempSync(join(tmpdir(), "grace-servers-")));
  chmodSync(p.dir, 0o755); // each server's user must reach its own subdirectory

  ownedDir(p.pg, "postgres");
  await runAs("postgres", bins.initdb, ["-D", p.pgData, "-U", "postgres", "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync"]);

  ownedDir(p.redis, "redis");
  writeFileSync(p.redisConf, redisConf(p));

  ownedDir(p.php, "www-data");
  mkdirSync(p.phpRoot);
  writeFileSync(join(p.phpRoot, "slow.php"), slowPhp(p));
  writeFileSync(p.phpConf, phpFpmConf(p));

  mkdirSync(p.nginx); // nginx's master runs as root and hands the temp dirs to www-data itself
  writeFileSync(p.nginxConf, nginxConf(p));

  return { bins, paths: p, programs: programSections(bins, p), cleanStops: cleanStops(p) };
}

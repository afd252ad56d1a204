import { join } from "node:path";

/**
 * The configs of the real servers (see servers.ts): pure text from paths, every socket and
 * file inside one temp dir. The program sections suit graced and supervisord alike.
 */
export type ServerBinaries = {
  postgres: string;
  initdb: string;
  pgControldata: string;
  psql: string;
  redis: string;
  nginx: string;
  phpFpm: string;
};

export type ServerPaths = ReturnType<typeof serverPaths>;

export function serverPaths(dir: string) {
  const pg = join(dir, "postgres");
  const redis = join(dir, "redis");
  const php = join(dir, "php");
  const nginx = join(dir, "nginx");
  return {
    dir,
    /** owned by postgres: the data directory and the socket */
    pg,
    pgData: join(pg, "data"),
    pgLog: join(dir, "postgres.log"),
    /** owned by redis: its socket, log and RDB snapshot */
    redis,
    redisConf: join(dir, "redis.conf"),
    redisSocket: join(redis, "redis.sock"),
    redisLog: join(redis, "redis.log"),
    /** owned by www-data (slow.php writes its marker there) */
    php,
    phpRoot: join(php, "www"),
    phpConf: join(php, "php-fpm.conf"),
    fpmSocket: join(php, "fpm.sock"),
    fpmLog: join(php, "fpm.log"),
    /** written by slow.php when it starts: a request is in progress */
    phpStarted: join(php, "request-started"),
    nginx,
    nginxConf: join(nginx, "nginx.conf"),
    nginxSocket: join(nginx, "http.sock"),
    nginxLog: join(nginx, "error.log"),
  };
}

export function redisConf(p: ServerPaths): string {
  return [
    "port 0",
    `unixsocket ${p.redisSocket}`,
    "unixsocketperm 700",
    `dir ${p.redis}`,
    `logfile ${p.redisLog}`,
    "daemonize no",
    // something to save, so the stop has work to do: the final RDB snapshot
    "save 3600 1",
    "",
  ].join("\n");
}

export function phpFpmConf(p: ServerPaths): string {
  return [
    "[global]",
    `pid = ${join(p.php, "fpm.pid")}`,
    `error_log = ${p.fpmLog}`,
    "log_level = notice",
    "daemonize = no",
    "[www]",
    "user = www-data",
    "group = www-data",
    `listen = ${p.fpmSocket}`,
    "listen.owner = www-data",
    "listen.group = www-data",
    "listen.mode = 0660",
    "pm = static",
    "pm.max_children = 2",
    "",
  ].join("\n");
}

/** A request that takes 2 s, and says when it has begun. */
export function slowPhp(p: ServerPaths): string {
  return `<?php\nfile_put_contents(${JSON.stringify(p.phpStarted)}, getmypid());\nsleep(2);\necho "slow request done\\n";\n`;
}

export function nginxConf(p: ServerPaths): string {
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${join(p.nginx, `${t}-temp`)};`);
  return [
    "daemon off;",
    "user www-data;",
    "worker_processes 1;",
    `pid ${join(p.nginx, "nginx.pid")};`,
    // notice shows the shutdown: "gracefully shutting down", "exiting", "exit"
    `error_log ${p.nginxLog} notice;`,
    "events { worker_connections 64; }",
    "http {",
    `  access_log ${join(p.nginx, "access.log")};`,
    ...temp,
    "  server {",
    `    listen unix:${p.nginxSocket};`,
    '    location = / { return 200 "nginx up\\n"; }',
    "    location ~ \\.php$ {",
    "      include /etc/nginx/fastcgi_params;",
    `      fastcgi_param SCRIPT_FILENAME ${p.phpRoot}$fastcgi_script_name;`,
    `      fastcgi_pass unix:${p.fpmSocket};`,
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * The four programs. They stop by levels: nginx (30) first, then php-fpm (20), then postgres
 * and redis (10). redis runs behind `sh -c` without exec: the shell stays its parent, and only
 * a signal to the process group reaches redis.
 */
export function programSections(bins: ServerBinaries, p: ServerPaths): string {
  return `
[program:postgres]
command = ${bins.postgres} -D ${p.pgData} -c listen_addresses= -c unix_socket_directories=${p.pg}
user = postgres
stopsignal = INT
priority = 10
redirect_stderr = true
stdout_logfile = ${p.pgLog}

[program:redis]
command = /bin/sh -c '${bins.redis} ${p.redisConf}; echo "redis-server exited with status $?"'
user = redis
priority = 10

[program:php-fpm]
command = ${bins.phpFpm} --nodaemonize --fpm-config ${p.phpConf}
stopsignal = QUIT
priority = 20

[program:nginx]
command = ${bins.nginx} -p ${p.nginx} -e ${p.nginxLog} -c ${p.nginxConf}
stopsignal = QUIT
priority = 30
`;
}

/** Each server's own log, the lines it writes when it stops cleanly, and graced's word for its end. */
export type CleanStop = { name: string; log: string; line: RegExp; summary: string };

export function cleanStops(p: ServerPaths): CleanStop[] {
  return [
    { name: "postgres", log: p.pgLog, line: /database system is shut down/, summary: "exited with code 0" },
    // the program is the shell: the group's SIGTERM ends it, and graced counts it stopped
    // once the rest of its group (redis-server, saving its snapshot) is gone
    { name: "redis", log: p.redisLog, line: /DB saved on disk[\s\S]*Redis is now ready to exit, bye bye/, summary: "ended by SIGTERM" },
    { name: "php-fpm", log: p.fpmLog, line: /Finishing \.\.\.[\s\S]*exiting, bye-bye!/, summary: "exited with code 0" },
    // nginx 1.22 at notice: the worker's "gracefully shutting down", then the master's "exit"
    { name: "nginx", log: p.nginxLog, line: /gracefully shutting down[\s\S]*: exit\n$/, summary: "exited with code 0" },
  ];
}

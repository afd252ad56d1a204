// What the two log benches share: one program `flood` writing into flood.log rotated at 50 MiB × 3
// (four files hold 200 MiB, so every byte of a 200 MB flood is kept), and reading the files back.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

/** A config both daemons read: the control socket, the daemon's own files in `dir`, and `command` as program flood. */
export function floodConfig(dir, command) {
  return `[unix_http_server]
file = ${dir}/ctl.sock

[supervisord]
logfile = ${dir}/daemon.log
pidfile = ${dir}/daemon.pid
childlogdir = ${dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://${dir}/ctl.sock

[program:flood]
command = ${command}
stdout_logfile = ${dir}/flood.log
stdout_logfile_maxbytes = 50MB
stdout_logfile_backups = 3
startsecs = 0
autostart = false
autorestart = false
`;
}

/** flood.log and its backups that exist, oldest first. */
export const floodFiles = (dir) => [3, 2, 1, 0].map((i) => join(dir, i ? `flood.log.${i}` : "flood.log")).filter(existsSync);

/** Bytes in the flood's files; a file renamed away between the two looks (a rotation) counts as empty. */
export const floodBytes = (dir) => floodFiles(dir).reduce((s, f) => s + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);

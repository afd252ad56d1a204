/** Config sections the gracectl tests share: one running, one never started, one that cannot spawn. */
export const UP_IDLE_BROKEN = `
[program:up]
command = sleep 1000
startsecs = 0

[program:idle]
command = sleep 1000
autostart = false

[program:broken]
command = /nonexistent/grace-missing-binary
autostart = false
startretries = 0
`;

#!/bin/sh
# Runs graced on examples/demo.conf in the foreground, shows `gracectl status` and what to try
# once the programs are up, and keeps running until Ctrl-C (or SIGTERM), which stops them
# gracefully. Exits with graced's status: 0 after a clean stop.
# `pnpm demo` runs this with `exec`: a shell left between pnpm and this script would die of
# Ctrl-C's SIGINT at once, and pnpm would report "Command failed" (exit 130) for a clean stop.
set -u
cd "$(dirname "$0")/.."
conf=examples/demo.conf
ctl="bin/gracectl -c $conf"
# graced makes /tmp/grace-demo (its socket's directory, where the AUTO logs go too)
bin/graced -c "$conf" &
pid=$!
# Ctrl-C reaches graced directly (same process group); this script only waits for it.
trap 'wait $pid; exit $?' INT
trap 'kill -TERM $pid; wait $pid; exit $?' TERM
i=0
# wait until every program has left STARTING
until $ctl status 2>/dev/null | grep -q . && ! $ctl status | grep -q STARTING; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 $pid 2>/dev/null; then
    echo "demo: graced did not come up" >&2
    kill -TERM $pid 2>/dev/null
    wait $pid
    exit 1
  fi
  sleep 0.1
done
cat <<EOF

----------------------------------------------------------------------------------------
$($ctl status)

graced runs with pid $pid (\`$ctl pid\` prints it).
In another terminal, try:
  $ctl status
  $ctl stop all             # chatty first, then api and worker together
  $ctl start all
  $ctl restart api
  $ctl tail -f chatty
  kill -TERM \$($ctl pid)    # what docker stop does
Press Ctrl-C here to stop everything gracefully.
----------------------------------------------------------------------------------------

EOF
wait $pid

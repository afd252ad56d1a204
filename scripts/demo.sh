#!/bin/sh
# Runs graced on examples/demo.conf in the foreground, shows `gracectl status` once the
# programs are up, and keeps running until Ctrl-C (or SIGTERM), which stops them gracefully.
set -u
cd "$(dirname "$0")/.."
conf=examples/demo.conf
mkdir -p /tmp/grace-demo
bin/graced -c "$conf" &
pid=$!
# Ctrl-C reaches graced directly (same process group); this script only waits for it.
trap 'wait $pid; exit $?' INT
trap 'kill -TERM $pid; wait $pid; exit $?' TERM
i=0
# wait until every program has left STARTING
until bin/gracectl -c "$conf" status 2>/dev/null | grep -q . && ! bin/gracectl -c "$conf" status | grep -q STARTING; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 $pid 2>/dev/null; then echo "demo: graced did not come up" >&2; exit 1; fi
  sleep 0.1
done
echo
bin/gracectl -c "$conf" status
echo
echo "graced runs with pid $pid. In another terminal, try:"
echo "  bin/gracectl -c $conf status"
echo "  bin/gracectl -c $conf stop all"
echo "  bin/gracectl -c $conf start all"
echo "Press Ctrl-C (or: kill -TERM $pid) to stop everything gracefully."
echo
wait $pid

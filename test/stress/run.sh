#!/bin/sh
# The slow probes of test/stress/, after `pnpm build`: each stops by itself, prints its figures
# and exits non-zero when graced died, stopped answering or kept the memory. CI (.ci/run) runs
# this before `pnpm test`; the whole takes about two minutes and a half.
set -eu
cd "$(dirname "$0")/../.."
node test/stress/hostile.mjs

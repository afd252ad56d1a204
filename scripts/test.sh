#!/bin/sh
# Runs every compiled test: unit tests beside their sources (and the bench's, plain .mjs), then
# the end-to-end tests.
# The shell expands the list (Node 20 does not expand quoted globs).
set -e
cd "$(dirname "$0")/.."
unit=$(find packages/*/dist -name '*.test.js' | sort)
e2e=$(find test/dist -name '*.test.js' | sort)
bench=$(find bench -name '*.test.mjs' | sort)
# shellcheck disable=SC2086
exec node --test --test-concurrency=2 $unit $bench $e2e

#!/bin/sh
# What the root-only tests need beyond Node: Debian's servers for test/servers/, docker.io,
# debootstrap and a cached base image for test/docker/. Safe to run again. Without root it
# installs nothing and says so; the tests that need these then skip with their reason.
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "test:deps: not root, nothing installed (the server and Docker tests will skip)"
  exit 0
fi
sh test/servers/install.sh
# the first run on a machine builds the Docker tests' base image (minutes); later runs reuse it
sh test/docker/setup.sh

#!/bin/sh
# Installs the Debian packages that test/servers/ runs (postgres, redis, nginx, php-fpm), and
# supervisor, whose supervisord and supervisorctl the XML-RPC tests compare graced with.
# Called by .ci/run; safe to run again (does nothing when they are there). Without root it
# only says why it did nothing, and the server tests skip with the same reason.
set -eu
packages="postgresql redis-server nginx php-fpm supervisor"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "test/servers: $packages already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test/servers: not root, so not installing$missing (the server tests will skip)"
  exit 0
fi

# Debian's postinst scripts start each service through invoke-rc.d; a policy-rc.d that exits
# 101 forbids that, so no system service outlives the install. Ours is removed afterwards;
# one that was already there (container images ship one) is left alone.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# written by grace test/servers/install.sh while it installs\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
# Other setup steps may hold the dpkg lock for a while: wait rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update -q
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing

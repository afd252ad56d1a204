#!/bin/sh
# setup.sh: what the Docker tests need on a Debian machine, run as root by .ci/run: docker.io
# and debootstrap (installed when missing) and the base image (built once, then cached; see
# base-image.sh). The tests start and stop a dockerd of their own; no service is started here.
set -eu
here=$(dirname "$0")
missing=""
command -v dockerd >/dev/null 2>&1 || missing="$missing docker.io"
command -v debootstrap >/dev/null 2>&1 || missing="$missing debootstrap"
if [ -n "$missing" ]; then
  # keep the package from starting a system dockerd: the tests want none
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
  if [ -n "$made_policy" ]; then rm -f "$policy"; fi
fi
sh "$here/base-image.sh" >/dev/null

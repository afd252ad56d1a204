#!/bin/sh
# base-image.sh [--path]: prints the path of a tarball of a Debian bookworm root file system with this
# host's Node 20 and npm in it, to be `docker import`ed as `node:20-slim` (no registry to pull
# from here). Built with debootstrap the first time (minutes), then reused from the cache,
# keyed by the Node version and the recipe below: bump RECIPE when you change the recipe.
# --path: only print where the tarball is (or would be), build nothing.
set -eu
RECIPE=1
CACHE=${GRACE_DOCKER_CACHE:-/var/cache/grace-docker}
node_version=$(node --version)
tarball="$CACHE/bookworm-node-$node_version-r$RECIPE.tar"
if [ "${1:-}" = --path ]; then
  echo "$tarball"
  exit 0
fi

mkdir -p "$CACHE"
# one builder at a time: the test files that need the image may start together
exec 9>"$CACHE/.lock"
flock 9
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
trap 'rm -rf "$root" "$tarball.tmp"' EXIT
echo "base-image: debootstrap bookworm into $root (once; takes a few minutes)" >&2
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.log" 2>&1 || {
  tail -20 "$root.log" >&2
  exit 1
}
rm -f "$root.log"
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"* "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale"

# Node and npm exactly as the host has them (the official image has them in the same places).
node_bin=$(command -v node)
cp "$node_bin" "$root/usr/local/bin/node"
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# The host's certificate authorities, for npm inside `docker build --network host`
# (NODE_EXTRA_CA_CERTS is set by the import, see test/docker/engine.ts).
mkdir -p "$root/etc/ssl/certs"
cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$root/etc/ssl/certs/grace-host-ca.crt"
# Like the official image's entry point: arguments that are not a command are given to node.
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case "${1:-}" in -*) set -- node "$@" ;; esac
command -v "$1" >/dev/null 2>&1 || set -- node "$@"
exec "$@"
EOF
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"

tar -C "$root" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
# older recipes or Node versions are not needed any more
find "$CACHE" -maxdepth 1 -name "bookworm-node-*.tar" ! -path "$tarball" -delete
echo "$tarball"

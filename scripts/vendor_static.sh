#!/bin/sh
# Refresh static/vendor/ from the npm registry, at the versions pinned in package.json.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pkg in bootstrap htmx.org axe-core; do
  version=$(python3 -c "import json,sys; print(json.load(open('package.json'))['dependencies'][sys.argv[1]])" "$pkg")
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
done
for tgz in "$tmp"/*.tgz; do
  dir="$tmp/$(basename "$tgz" .tgz)"
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"
done
rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/axe-core
cp "$tmp"/bootstrap-*/package/dist/css/bootstrap.min.css "$tmp"/bootstrap-*/package/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
cp "$tmp"/bootstrap-*/package/dist/js/bootstrap.bundle.min.js "$tmp"/bootstrap-*/package/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
cp "$tmp"/bootstrap-*/package/LICENSE static/vendor/bootstrap/LICENSE
cp "$tmp"/htmx.org-*/package/dist/htmx.min.js "$tmp"/htmx.org-*/package/LICENSE static/vendor/htmx/
cp "$tmp"/axe-core-*/package/axe.min.js "$tmp"/axe-core-*/package/LICENSE static/vendor/axe-core/
echo "static/vendor refreshed"

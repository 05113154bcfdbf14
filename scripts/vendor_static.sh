#!/bin/sh
# Refresh static/vendor/ from the npm registry, at the versions pinned in package.json.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pkg in bootstrap htmx.org axe-core leaflet world-atlas topojson-client; do
  version=$(python3 -c "import json,sys; print(json.load(open('package.json'))['dependencies'][sys.argv[1]])" "$pkg")
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
done
for tgz in "$tmp"/*.tgz; do
  dir="$tmp/$(basename "$tgz" .tgz)"
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"
done
rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/axe-core static/vendor/leaflet \
  static/vendor/nl-outline
cp "$tmp"/bootstrap-*/package/dist/css/bootstrap.min.css "$tmp"/bootstrap-*/package/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
cp "$tmp"/bootstrap-*/package/dist/js/bootstrap.bundle.min.js "$tmp"/bootstrap-*/package/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
cp "$tmp"/bootstrap-*/package/LICENSE static/vendor/bootstrap/LICENSE
cp "$tmp"/htmx.org-*/package/dist/htmx.min.js "$tmp"/htmx.org-*/package/LICENSE static/vendor/htmx/
cp "$tmp"/axe-core-*/package/axe.min.js "$tmp"/axe-core-*/package/LICENSE static/vendor/axe-core/
cp "$tmp"/leaflet-*/package/dist/leaflet.js "$tmp"/leaflet-*/package/dist/leaflet.js.map \
  "$tmp"/leaflet-*/package/dist/leaflet.css "$tmp"/leaflet-*/package/LICENSE static/vendor/leaflet/
cp -r "$tmp"/leaflet-*/package/dist/images static/vendor/leaflet/images
# The map's base layer: the outline of the Netherlands, bundled so the map works without a tile server.
node scripts/nl_outline.js "$tmp"/world-atlas-*/package "$tmp"/topojson-client-*/package > static/vendor/nl-outline/netherlands.geojson
cp "$tmp"/world-atlas-*/package/LICENSE static/vendor/nl-outline/LICENSE
echo "static/vendor refreshed"

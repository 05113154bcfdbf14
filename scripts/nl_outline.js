// The outline of the European Netherlands as GeoJSON, from Natural Earth's 1:10m countries (public domain) in the
// world-atlas package, converted with topojson-client. Usage: node scripts/nl_outline.js WORLD_ATLAS TOPOJSON_CLIENT
const path = require("path");
const [atlasDir, clientDir] = process.argv.slice(2);
const topojson = require(path.resolve(clientDir, "dist/topojson-client.js"));
const topology = require(path.resolve(atlasDir, "countries-10m.json"));
const netherlands = topology.objects.countries.geometries.filter((g) => g.id === "528");
const [feature] = topojson.feature(topology, { type: "GeometryCollection", geometries: netherlands }).features;
const polygons = feature.geometry.type === "MultiPolygon" ? feature.geometry.coordinates : [feature.geometry.coordinates];
const european = polygons.filter((p) => p[0].every(([lon, lat]) => lon > 2 && lon < 8 && lat > 50 && lat < 54));
const round = ([lon, lat]) => [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4];
process.stdout.write(JSON.stringify({
  type: "FeatureCollection",
  features: [{
    type: "Feature",
    properties: { name: "Nederland", source: "Natural Earth 1:10m (public domain), via world-atlas 2.0.2" },
    geometry: { type: "MultiPolygon", coordinates: european.map((p) => p.map((ring) => ring.map(round))) },
  }],
}) + "\n");

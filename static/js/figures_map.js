// The map of participating schools: Leaflet from static/, the bundled outline of the Netherlands as base layer, a
// tile layer only when the site sets one, and a marker for every school in the list beside it (the list is the
// accessible version; the map adds nothing the list does not say).
(function () {
  "use strict";
  const element = document.getElementById("school-map");
  if (!element || !window.L) {
    return;
  }
  const map = L.map(element, { zoomControl: false, scrollWheelZoom: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut }).addTo(map);
  map.fitBounds([[50.75, 3.36], [53.55, 7.23]]);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  }
  fetch(element.dataset.outline, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((outline) => {
      L.geoJSON(outline, {
        interactive: false,
        attribution: "Natural Earth",
        style: { color: "#073b45", weight: 1.5, fillColor: "#e6f2f4", fillOpacity: element.dataset.tileUrl ? 0 : 1 },
      }).addTo(map).bringToBack();
    })
    .catch(() => {});
  const list = document.getElementById(element.dataset.list);
  const markers = [];
  for (const item of list ? list.querySelectorAll("[data-lat]") : []) {
    const lat = parseFloat(item.dataset.lat);
    const lon = parseFloat(item.dataset.lon);
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      markers.push(L.circleMarker([lat, lon], {
        radius: 6, color: "#073b45", weight: 2, fillColor: "#f0a202", fillOpacity: 0.9,
      }).bindTooltip(item.textContent).addTo(map));
    }
  }
  element.dataset.markers = String(markers.length);
})();

// The map: Natural Earth 1:50m countries (bundled; coastlines and borders) drawn by Leaflet as vectors, with no tile
// server. Leaflet and topojson-client are classic scripts (globals L and topojson), loaded before the modules run.
const WORLD = 'vendor/world-atlas-2.0.2/countries-50m.json';
let world;

/** The countries as GeoJSON, fetched and converted once per page. */
function countries() {
  world ??= fetch(WORLD).then((r) => r.json()).then((topology) => ({
    land: topojson.feature(topology, topology.objects.countries),
    borders: topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b),
  }));
  return world;
}

/** A map in container (an element), fitted to points ([lat, lon]); resolves once the coastlines are drawn. */
export async function createMap(container, points, label) {
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', label);
  const map = L.map(container, { zoomSnap: 0.25, worldCopyJump: true, preferCanvas: false, attributionControl: true, keyboard: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Natural Earth 1:50m · Leaflet 1.9.4');
  if (points.length > 0) {
    map.fitBounds(L.latLngBounds(points).pad(0.25), { maxZoom: 8 });
  } else {
    map.setView([30, 10], 2);
  }
  const { land, borders } = await countries();
  const pane = map.createPane('world');
  pane.style.zIndex = 250;
  L.geoJSON(land, { pane, interactive: false, style: { color: '#6b7c8f', weight: 0.6, fillColor: '#e9eef2', fillOpacity: 1 } }).addTo(map);
  L.geoJSON(borders, { pane, interactive: false, style: { color: '#8895a3', weight: 0.8, dashArray: '3 2', fill: false } }).addTo(map);
  container.dataset.drawn = 'true';
  return map;
}

/** Health colours: reachable now and uptime over 7 days. */
export function healthClass(receiver) {
  const h = receiver.health;
  if (!receiver.enabled) {
    return 'disabled';
  }
  if (!h || !h.latest) {
    return 'unknown';
  }
  if (!h.latest.reachable) {
    return 'down';
  }
  return (h.uptime7d ?? 1) >= 0.95 ? 'up' : 'flaky';
}

export const healthColours = { up: '#1a7f37', flaky: '#b35900', down: '#c0142b', unknown: '#6e7781', disabled: '#8c959f' };

export const healthWords = {
  up: 'reachable, uptime 7 d ≥ 95 %',
  flaky: 'reachable, uptime 7 d < 95 %',
  down: 'unreachable at the last probe',
  unknown: 'never probed',
  disabled: 'disabled',
};

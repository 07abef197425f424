// The location section of an acquisition's page: GET /api/acquisitions/{id}/location (200: the estimate; 404: none yet).
// The point, its 95 % ellipse, the hyperbolae, and the receivers used and excluded with their reasons; without a point,
// the power-based region of the receivers' calibrated powers when the Locator drew one (404 problem's powerRegion),
// labelled power-based: a region, never a point.
import { api, ApiProblem, downloadLink } from './api.js';
import { el, table, message } from './dom.js';
import { createMap } from './map.js';

const METRES_PER_DEGREE = 111_320;

/** The 95 % ellipse as [lat, lon] points: semi-axes in metres, the major axis clockwise from north. */
export function ellipsePoints(lat, lon, e, sides = 72) {
  const theta = (e.orientationDeg * Math.PI) / 180;
  const points = [];
  for (let i = 0; i < sides; i++) {
    const t = (2 * Math.PI * i) / sides;
    const major = e.semiMajorM * Math.cos(t);
    const minor = e.semiMinorM * Math.sin(t);
    const east = (major * Math.sin(theta)) + (minor * Math.cos(theta));
    const north = (major * Math.cos(theta)) - (minor * Math.sin(theta));
    points.push([lat + (north / METRES_PER_DEGREE), lon + (east / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)))]);
  }
  return points;
}

/** Fills section; true once an estimate (or the Locator's answer without a point) is shown (then it is not asked again once the acquisition is final). */
export async function locationSection(section, id, receivers) {
  let estimate = null;
  let noPoint = null;
  try {
    estimate = await api.get(`/api/acquisitions/${id}/location`);
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 404) {
      noPoint = e.problem;
    } else {
      section.replaceChildren(el('h3', { id: 'location' }, 'Location'), message(`The location could not be read: ${e instanceof ApiProblem ? e.explain() : e.message}`));
      return false;
    }
  }
  const heading = el('h3', { id: 'location' }, 'Location');
  if (!estimate && noPoint?.powerRegion) {
    return powerRegionSection(section, heading, id, noPoint);
  }
  if (!estimate) {
    section.replaceChildren(heading, message('No location estimate for this acquisition (yet): it needs GNSS-timed recordings from three or more receivers, and the localisation service.'));
    section.dataset.located = 'false';
    return false;
  }
  const links = el('p', {}, 'Download: ', downloadLink(`/api/acquisitions/${id}/location.geojson`, 'GeoJSON', `${id}.geojson`), ' · ',
    downloadLink(`/api/acquisitions/${id}/location.kml`, 'KML', `${id}.kml`));
  const stations = estimate.stations ?? [];
  const stationTable = table('Receivers used and excluded', ['Receiver', 'Used', 'Timing', 'Residual', 'Reason or warnings'],
    stations.map((s) => [s.name ?? (receivers.get(s.receiverId)?.name ?? `receiver ${s.receiverId}`), s.used ? 'used' : 'excluded',
      s.timingSource ?? '—', s.residualSeconds == null ? '—' : `${(s.residualSeconds * 1e6).toFixed(1)} µs`,
      s.reason ?? (s.warnings ?? []).join(' ') ?? '']), 'data stations');
  const facts = el('dl', { class: 'facts' },
    el('dt', {}, 'Status'), el('dd', {}, estimate.status ?? 'located'),
    estimate.latitude == null ? [el('dt', {}, 'Why no point'), el('dd', {}, estimate.reason ?? '—')]
      : [el('dt', {}, 'Position'), el('dd', {}, `${estimate.latitude.toFixed(5)}°, ${estimate.longitude.toFixed(5)}°${estimate.altitudeM == null ? '' : `, ${estimate.altitudeM.toFixed(0)} m`}`)],
    estimate.ellipse95 ? [el('dt', {}, '95 % ellipse'), el('dd', {}, `${(estimate.ellipse95.semiMajorM / 1000).toFixed(2)} × ${(estimate.ellipse95.semiMinorM / 1000).toFixed(2)} km, major axis ${estimate.ellipse95.orientationDeg.toFixed(0)}° from north`)] : null,
    el('dt', {}, 'GDOP'), el('dd', {}, estimate.gdop == null ? '—' : estimate.gdop.toFixed(2)),
    el('dt', {}, 'Propagation'), el('dd', {}, estimate.propagation ?? '—'),
    el('dt', {}, 'Pairs'), el('dd', {}, `${(estimate.pairs ?? []).filter((p) => p.used !== false).length} used of ${(estimate.pairs ?? []).length}`),
    el('dt', {}, 'Method'), el('dd', {}, estimate.method ?? '—'),
    (estimate.warnings ?? []).length > 0 ? [el('dt', {}, 'Warnings'), el('dd', {}, estimate.warnings.join(' '))] : null);
  const mapBox = el('div', { class: 'map', id: 'location-map' });
  section.replaceChildren(heading, el('div', { class: 'split' }, el('div', {}, facts, links, stationTable), el('div', { class: 'map-pane' }, mapBox)));
  section.dataset.located = String(estimate.latitude != null);
  const points = stations.map((s) => [s.latitude, s.longitude]);
  if (estimate.latitude != null) {
    points.push([estimate.latitude, estimate.longitude]);
  }
  const map = await createMap(mapBox, points, 'Map of the location estimate, its ellipse, hyperbolae and receivers');
  for (const h of estimate.hyperbolae ?? []) {
    for (const line of h.lines ?? []) {
      L.polyline(line.map(([lon, lat]) => [lat, lon]), { color: '#8250df', weight: 1.5, className: 'hyperbola' })
        .bindTooltip(`${h.receiverA}–${h.receiverB}`).addTo(map);
    }
  }
  for (const s of stations) {
    L.circleMarker([s.latitude, s.longitude], { radius: 7, weight: 2, color: '#1f2328', fillColor: s.used ? '#1a7f37' : '#ffffff', fillOpacity: 1, className: `station ${s.used ? 'used' : 'excluded'}` })
      .bindTooltip(`${s.name}: ${s.used ? 'used' : `excluded${s.reason ? ` (${s.reason})` : ''}`}`).addTo(map);
  }
  if (estimate.latitude != null) {
    if (estimate.ellipse95) {
      L.polygon(ellipsePoints(estimate.latitude, estimate.longitude, estimate.ellipse95), { color: '#c0142b', weight: 2, fillOpacity: 0.15, className: 'ellipse95' }).addTo(map);
    }
    L.circleMarker([estimate.latitude, estimate.longitude], { radius: 6, color: '#c0142b', fillColor: '#c0142b', fillOpacity: 1, className: 'estimate' })
      .bindTooltip('Estimated transmitter position').addTo(map);
  }
  return true;
}

/** No TDoA point, but a power-based region: its facts, its receivers, and its outline on the map, each labelled power-based. */
async function powerRegionSection(section, heading, id, problem) {
  const region = problem.powerRegion;
  // As PowerRegionEstimate.Label writes it (the KML placemark, the CLI): the percentage to at most one decimal.
  const percent = Number((region.confidenceLevel * 100).toFixed(1));
  const label = `power-based region (${percent} %, not a fix)`;
  const links = el('p', {}, 'Download: ', downloadLink(`/api/acquisitions/${id}/location.geojson`, 'GeoJSON', `${id}.geojson`), ' · ',
    downloadLink(`/api/acquisitions/${id}/location.kml`, 'KML', `${id}.kml`));
  const stations = region.stations ?? [];
  const stationTable = table('Receivers of the power-based region', ['Receiver', 'Used', 'Power', 'Reason'],
    stations.map((s) => [s.name, s.used ? 'used' : 'excluded', s.powerDbm == null ? '—' : `${s.powerDbm.toFixed(1)} dBm ± ${(s.sigmaDb ?? 0).toFixed(1)}`, s.reason ?? '']), 'data stations power-based');
  const facts = el('dl', { class: 'facts power-based' },
    el('dt', {}, 'TDoA'), el('dd', {}, `${problem.locationStatus}: ${problem.detail ?? ''}`),
    el('dt', {}, 'Method'), el('dd', { class: 'method' }, 'power-based'),
    el('dt', {}, 'Region'), el('dd', {}, region.status === 'region'
      ? `${region.areaKm2.toFixed(0)} km² at ${percent} % confidence${region.bounded ? '' : ' (reaches the edge of its grid: goes on beyond)'}`
      : `${region.status}: ${region.reason ?? ''}`),
    el('dt', {}, 'Model'), el('dd', {}, `log-distance, exponent ${region.model.exponent}, shadowing σ ${region.model.shadowingSigmaDb} dB`),
    (region.warnings ?? []).length > 0 ? [el('dt', {}, 'Warnings'), el('dd', {}, region.warnings.join(' '))] : null);
  const mapBox = el('div', { class: 'map', id: 'location-map' });
  section.replaceChildren(heading, message(`No position: TDoA gave ${problem.locationStatus}. The ${label} below is where the receivers' calibrated powers put the transmitter.`),
    el('div', { class: 'split' }, el('div', {}, facts, links, stationTable), el('div', { class: 'map-pane' }, mapBox)));
  section.dataset.located = 'false';
  section.dataset.method = 'power-based';
  const rings = (region.polygons ?? []).map((ring) => ring.map(([lon, lat]) => [lat, lon]));
  const points = [...stations.map((s) => [s.latitude, s.longitude]), ...rings.flat()];
  const map = await createMap(mapBox, points, `Map of the ${label} and its receivers`);
  if (rings.length > 0) {
    L.polygon(rings, { color: '#bf8700', weight: 1, fillOpacity: 0.25, className: 'power-region' }).bindTooltip(label).addTo(map);
  }
  for (const s of stations) {
    L.circleMarker([s.latitude, s.longitude], { radius: 7, weight: 2, color: '#1f2328', fillColor: s.used ? '#1a7f37' : '#ffffff', fillOpacity: 1, className: `station ${s.used ? 'used' : 'excluded'}` })
      .bindTooltip(`${s.name}: ${s.used ? 'used' : `excluded${s.reason ? ` (${s.reason})` : ''}`} (power-based)`).addTo(map);
  }
  return true;
}

// A receiver's page (#/receivers/{id}): what it is, where, its health now and its health history as a chart.
import { api } from './api.js';
import { el, table } from './dom.js';
import { timeElement, utc, percent, mhz } from './format.js';
import { createMap } from './map.js';
import { bands, healthBadge, receiverMarkers, timing } from './receivers.js';
import { healthChart } from './chart.js';

export async function receiverPage(main, { id }) {
  const [r, history] = await Promise.all([api.get(`/api/receivers/${id}`), api.get(`/api/receivers/${id}/health?hours=168`)]);
  const probes = history.probes;
  const reachable = probes.filter((p) => p.reachable).length;
  const mapBox = el('div', { class: 'map small', id: 'receiver-map' });
  main.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/' }, 'Network'), ' › ', r.name),
    el('h2', {}, `${r.name} (receiver ${r.receiverId})`),
    el('div', { class: 'split' },
      el('section', { 'aria-labelledby': 'facts' },
        el('h3', { id: 'facts' }, 'Receiver'),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Health'), el('dd', {}, healthBadge(r)),
          el('dt', {}, 'Kind'), el('dd', {}, r.enabled ? r.kind : `${r.kind} (disabled)`),
          el('dt', {}, 'Timing source (last capture)'), el('dd', {}, timing(r)),
          el('dt', {}, 'Position'), el('dd', {}, `${r.latitude.toFixed(5)}°, ${r.longitude.toFixed(5)}°${r.altitudeM == null ? '' : `, ${r.altitudeM} m`}`),
          el('dt', {}, 'Bands'), el('dd', {}, bands(r)),
          el('dt', {}, 'Tuning range'), el('dd', {}, `${mhz(r.minFrequencyHz)} – ${mhz(r.maxFrequencyHz)}`),
          el('dt', {}, 'Sample rate'), el('dd', {}, `${r.sampleRateHz} Hz`),
          el('dt', {}, 'Uptime 24 h'), el('dd', {}, `${percent(r.health?.uptime24h)} of ${r.health?.probes24h ?? 0} probes`),
          el('dt', {}, 'Uptime 7 d'), el('dd', {}, `${percent(r.health?.uptime7d)} of ${r.health?.probes7d ?? 0} probes`),
          el('dt', {}, 'Last probe'), el('dd', {}, r.health?.latest ? [timeElement(r.health.latest.probedAt), ' — ', r.health.latest.detail] : '—'),
          el('dt', {}, 'Last capture'), el('dd', {}, timeElement(r.lastCapturedAt)),
          el('dt', {}, 'URL'), el('dd', {}, el('code', {}, r.url))),
        el('p', {}, el('a', { href: `#/acquisitions/new?receivers=${r.receiverId}` }, 'New acquisition with this receiver'))),
      el('section', { class: 'map-pane', 'aria-label': 'Where it is' }, mapBox)),
    el('section', { 'aria-labelledby': 'history' },
      el('h3', { id: 'history' }, 'Health history, last 7 days (UTC)'),
      el('p', {}, probes.length === 0
        ? 'No probe in the last 7 days (the Acquirer probes every ReceiverHealth:IntervalMinutes).'
        : `${probes.length} probes from ${utc(history.from)} to ${utc(history.to)}: ${reachable} reachable, ${probes.length - reachable} not.`),
      probes.length === 0 ? null : healthChart(probes, new Date(history.from), new Date(history.to)),
      probes.length === 0 ? null : table('Latest probes', ['Probed (UTC)', 'Reachable', 'Latency', 'Users', 'GNSS', 'Detail'],
        probes.slice(-10).reverse().map((p) => [utc(p.probedAt), p.reachable ? 'yes' : 'no', p.latencyMs == null ? '—' : `${p.latencyMs.toFixed(0)} ms`,
          p.users == null ? '—' : `${p.users}/${p.usersMax ?? '?'}`, p.gnss ?? '—', p.detail]))));
  const map = await createMap(mapBox, [[r.latitude, r.longitude]], `Map: where ${r.name} is`);
  map.setView([r.latitude, r.longitude], 6);
  receiverMarkers(map, [r]);
  return () => map.remove();
}

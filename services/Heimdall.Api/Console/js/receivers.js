// Receivers as the network page, the receiver page and the submission form show them.
import { el } from './dom.js';
import { utc, mhz, percent } from './format.js';
import { healthClass, healthColours, healthWords } from './map.js';

/** The bands it may be tuned in (none listed: its whole tuning range). */
const bandList = (r) => (r.bands.length > 0 ? r.bands : [{ minFrequencyHz: r.minFrequencyHz, maxFrequencyHz: r.maxFrequencyHz }]);

export const bands = (r) => bandList(r).map((b) => `${(b.minFrequencyHz / 1e6).toFixed(3)}–${(b.maxFrequencyHz / 1e6).toFixed(3)} MHz`).join(', ');

export const timing = (r) => ({ gnss: 'GNSS', 'host-clock': 'host clock', recorded: 'recorded (replay)' })[r.timingSource] ?? 'not known yet';

/** A coloured dot and the health in words. */
export function healthBadge(r) {
  const state = healthClass(r);
  return el('span', { class: `health health-${state}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), healthWords[state]);
}

/** A circle marker per receiver, coloured by health, with a tooltip (its name) and a popup; onClick(receiver) if given. */
export function receiverMarkers(map, receivers, onClick) {
  const markers = new Map();
  for (const r of receivers) {
    const state = healthClass(r);
    const marker = L.circleMarker([r.latitude, r.longitude], {
      radius: 8, weight: 2, color: '#1f2328', fillColor: healthColours[state], fillOpacity: 0.9,
      className: `receiver-marker receiver-${r.receiverId} health-${state}`,
    }).addTo(map);
    marker.bindTooltip(`${r.name} (${r.receiverId})`, { permanent: receivers.length <= 12, direction: 'right', offset: [8, 0], className: 'receiver-label' });
    if (onClick) {
      marker.on('click', () => onClick(r, marker));
    } else {
      marker.bindPopup(() => popup(r));
    }
    markers.set(r.receiverId, marker);
  }
  return markers;
}

function popup(r) {
  return el('div', { class: 'popup' },
    el('strong', {}, el('a', { href: `#/receivers/${r.receiverId}` }, `${r.name} (${r.receiverId})`)),
    el('br'), `${r.kind} · timing ${timing(r)}`,
    el('br'), healthBadge(r),
    el('br'), `uptime 24 h ${percent(r.health?.uptime24h)}, 7 d ${percent(r.health?.uptime7d)}`,
    el('br'), `bands ${bands(r)}`,
    el('br'), `last capture ${utc(r.lastCapturedAt)}`);
}

/** Whether the receiver covers the frequency. */
export function covers(r, frequencyHz) {
  return bandList(r).some((b) => frequencyHz >= b.minFrequencyHz && frequencyHz <= b.maxFrequencyHz);
}

export const frequencyRange = (r) => `${mhz(r.minFrequencyHz)} – ${mhz(r.maxFrequencyHz)}`;

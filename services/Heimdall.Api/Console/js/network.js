// The network page (#/): every registered receiver on the map, coloured by health, and the list beside it.
import { api } from './api.js';
import { el, table, message } from './dom.js';
import { timeElement, percent } from './format.js';
import { createMap, healthWords } from './map.js';
import { bands, healthBadge, receiverMarkers, timing } from './receivers.js';

export async function networkPage(main) {
  const receivers = await api.get('/api/receivers');
  const mapBox = el('div', { class: 'map', id: 'network-map' });
  const legend = el('ul', { class: 'legend', 'aria-label': 'Colours' },
    Object.entries(healthWords).map(([k, words]) => el('li', { class: `health health-${k}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), words)));
  const list = receivers.length === 0
    ? message('No receiver is registered yet (POST /api/receivers).')
    : table(`${receivers.length} receivers`,
      ['Receiver', 'Kind', 'Health', 'Uptime 24 h', 'Uptime 7 d', 'Timing', 'Bands', 'Last capture (UTC)'],
      receivers.map((r) => [
        el('a', { href: `#/receivers/${r.receiverId}` }, `${r.name} (${r.receiverId})`),
        r.enabled ? r.kind : `${r.kind} (disabled)`,
        healthBadge(r), percent(r.health?.uptime24h), percent(r.health?.uptime7d), timing(r), bands(r), timeElement(r.lastCapturedAt),
      ]), 'data receivers');
  main.replaceChildren(
    el('h2', {}, 'Network'),
    el('div', { class: 'split' },
      el('section', { class: 'map-pane', 'aria-label': 'Map of the receivers' }, mapBox, legend),
      el('section', { class: 'list-pane', 'aria-label': 'Receivers' }, list)));
  const map = await createMap(mapBox, receivers.map((r) => [r.latitude, r.longitude]), 'Map of the receivers, coloured by health');
  receiverMarkers(map, receivers);
  mapBox.dataset.receivers = String(receivers.length);
  return () => map.remove();
}


// The submission form (#/acquisitions/new[?receivers=1,2]): frequency, duration, receivers picked on the map or the list,
// optional start (UTC); sent with the session's key. A refusal is shown with the API's reason.
import { api, apiKey, ApiProblem } from './api.js';
import { el } from './dom.js';
import { createMap } from './map.js';
import { bands, covers, healthBadge, receiverMarkers } from './receivers.js';

export async function submitPage(main, params, query) {
  const receivers = await api.get('/api/receivers');
  const preset = new Set((query.get('receivers') ?? '').split(',').filter(Boolean).map(Number));
  const outcome = el('div', { id: 'submit-outcome', role: 'status', 'aria-live': 'polite' });
  const boxes = new Map();
  const list = el('fieldset', { class: 'receivers-pick' },
    el('legend', {}, 'Receivers (none ticked: every enabled receiver that covers the frequency)'),
    receivers.map((r) => {
      const box = el('input', { type: 'checkbox', id: `pick-${r.receiverId}`, name: 'receiverIds', value: String(r.receiverId), checked: preset.has(r.receiverId), disabled: !r.enabled });
      boxes.set(r.receiverId, box);
      return el('div', { class: 'pick' }, box, el('label', { for: `pick-${r.receiverId}` }, `${r.name} (${r.receiverId})`, ' ', healthBadge(r), el('small', {}, ` ${bands(r)}`)));
    }));
  const frequency = el('input', { id: 'frequency', name: 'frequency', type: 'number', step: 'any', min: '0', required: true, value: '145.5', inputMode: 'decimal' });
  const duration = el('input', { id: 'duration', name: 'duration', type: 'number', step: 'any', min: '0.01', required: true, value: '1' });
  const start = el('input', { id: 'start', name: 'start', type: 'datetime-local', step: '1' });
  const form = el('form', { id: 'submit-form', class: 'submit', novalidate: false },
    el('div', { class: 'field' }, el('label', { for: 'frequency' }, 'Frequency (MHz)'), frequency),
    el('div', { class: 'field' }, el('label', { for: 'duration' }, 'Duration (s)'), duration),
    el('div', { class: 'field' }, el('label', { for: 'start' }, 'Start (UTC, optional: empty starts at once)'), start),
    list,
    el('p', { class: 'key-note' }, apiKey() ? 'Sent with the API key kept for this session.' : 'Enter an API key above first (read-write: Api:Keys).'),
    el('button', { type: 'submit', id: 'submit-button' }, 'Submit acquisition'),
    outcome);
  const mapBox = el('div', { class: 'map', id: 'pick-map' });
  main.replaceChildren(
    el('h2', {}, 'New acquisition'),
    el('div', { class: 'split' }, form, el('section', { class: 'map-pane', 'aria-label': 'Pick receivers on the map' },
      el('p', {}, 'Click a receiver on the map to tick or untick it.'), mapBox)));
  const map = await createMap(mapBox, receivers.map((r) => [r.latitude, r.longitude]), 'Map: click a receiver to pick it');
  const markers = receiverMarkers(map, receivers, (r) => {
    const box = boxes.get(r.receiverId);
    if (!box.disabled) {
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  const mark = () => {
    for (const [id, box] of boxes) {
      markers.get(id).setStyle({ weight: box.checked ? 5 : 2, color: box.checked ? '#0550ae' : '#1f2328' });
      markers.get(id).getElement()?.classList.toggle('picked', box.checked);
    }
    const f = Number(frequency.value) * 1e6;
    for (const r of receivers) {
      boxes.get(r.receiverId).closest('.pick').classList.toggle('out-of-band', Number.isFinite(f) && !covers(r, f));
    }
  };
  list.addEventListener('change', mark);
  frequency.addEventListener('input', mark);
  mark();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { frequencyHz: Math.round(Number(frequency.value) * 1e6), durationSeconds: Number(duration.value) };
    const picked = [...boxes].filter(([, b]) => b.checked).map(([id]) => id);
    if (picked.length > 0) {
      body.receiverIds = picked;
    }
    if (start.value) {
      body.startAtUtc = `${start.value.length === 16 ? `${start.value}:00` : start.value}Z`;
    }
    outcome.replaceChildren('Submitting…');
    try {
      const answer = await api.post('/api/acquisitions', body);
      const id = answer.data.acquisitionId;
      outcome.replaceChildren(el('p', { class: 'ok' }, 'Accepted: ', el('a', { href: `#/acquisitions/${id}` }, `acquisition ${id}`)));
      location.hash = `#/acquisitions/${id}`;
    } catch (e) {
      const text = e instanceof ApiProblem ? e.explain() : e.message;
      outcome.replaceChildren(el('p', { class: 'error', role: 'alert', dataset: { reason: e.problem?.reason ?? '', status: String(e.status ?? '') } },
        e.status ? `Refused (${e.status}): ${text}` : text));
    }
  });
  return () => map.remove();
}

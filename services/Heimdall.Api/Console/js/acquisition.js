// An acquisition's page (#/acquisitions/{id}): what was asked and its status, each receiver's metrics or failure,
// each recording's spectrum and waterfall, downloads, and the location once estimated. Polls every 2 s while it runs.
import { api, downloadLink } from './api.js';
import { el, table, message } from './dom.js';
import { timeElement, mhz, db, hz, percent, seconds } from './format.js';
import { POLL_MS, running, statusBadge } from './acquisitions.js';
import { spectrumPanel } from './spectrum.js';
import { locationSection } from './location.js';

/** How many times (POLL_MS apart) a final acquisition's location is asked for before the page stops asking. */
const LOCATION_TRIES = 15;

const timingWords = { gnss: 'GNSS', 'host-clock': 'host clock', recorded: 'recorded (replay)' };

function warnings(m) {
  const list = [];
  if (!m.signalDetected) {
    list.push('no signal detected');
  }
  if (m.clippingFraction > 0) {
    list.push(`clipping ${percent(m.clippingFraction)}`);
  }
  if (m.timingSource === 'host-clock') {
    list.push('host clock: not for TDoA');
  }
  if (m.attempts > 1) {
    list.push(`captured on attempt ${m.attempts}`);
  }
  // Every warning the capture earned, as stored with its measurement (and in its recording's heimdall:timing).
  list.push(...(m.warnings ?? []));
  return list.join('; ');
}

export async function acquisitionPage(main, { id }) {
  const receivers = new Map((await api.get('/api/receivers')).map((r) => [r.receiverId, r]));
  const name = (rid) => (receivers.has(rid) ? `${receivers.get(rid).name} (${rid})` : `receiver ${rid}`);
  const summary = el('section', { 'aria-labelledby': 'summary' });
  const perReceiver = el('section', { 'aria-labelledby': 'per-receiver' });
  const location = el('section', { 'aria-labelledby': 'location', id: 'location-section' });
  const spectraList = el('div', { class: 'spectra' });
  const spectra = el('section', { 'aria-labelledby': 'spectra' },
    el('h3', { id: 'spectra' }, 'Spectra'),
    el('p', {}, 'Computed by Heimdall from each archived recording. Scroll or press + / − on a spectrum to zoom, arrow keys to pan; the zoom stays while the page refreshes.'),
    spectraList);
  const state = el('p', { class: 'refresh', role: 'status', 'aria-live': 'polite' });
  main.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/acquisitions' }, 'Acquisitions'), ' › ', id),
    el('h2', {}, `Acquisition ${id}`), state, summary, perReceiver, location, spectra);
  const panels = new Map();
  const etags = new Map();
  let lastText = '';
  let locationShown = false;
  let locationTries = 0;

  const refresh = async () => {
    const detail = await api.get(`/api/acquisitions/${id}`);
    const a = detail.acquisition;
    state.textContent = `Status ${a.status}; ${running(a.status) ? `refreshing every ${POLL_MS / 1000} s` : 'final'}.`;
    const text = JSON.stringify(detail);
    if (text !== lastText) {
      lastText = text;
      renderSummary(summary, a);
      renderReceivers(perReceiver, detail, name);
    }
    for (const outcome of detail.receivers.filter((r) => r.outcome === 'stored')) {
      const key = `${id}/${outcome.receiverId}`;
      if (!panels.has(key)) {
        const panel = spectrumPanel(key, `Recording of ${name(outcome.receiverId)}`);
        panels.set(key, panel);
        // In receiver order, whatever order the recordings arrived in (moving a figure keeps its canvases).
        spectraList.replaceChildren(...[...panels.entries()].sort(([a], [b]) => Number(a.split('/')[1]) - Number(b.split('/')[1])).map(([, p]) => p.element));
      }
      const answer = await api.getTagged(`/api/acquisitions/${id}/recordings/${outcome.receiverId}/spectrum`, etags.get(key));
      if (!answer.notModified) {
        etags.set(key, answer.etag);
        panels.get(key).update(answer.data);
      }
    }
    if (panels.size === 0) {
      spectraList.replaceChildren(message(running(a.status) ? 'No recording stored yet.' : 'No recording was stored.'));
    } else {
      spectraList.querySelector(':scope > p')?.remove();
    }
    if (running(a.status)) {
      location.replaceChildren(el('h3', { id: 'location' }, 'Location'), message('Located (if at all) once the acquisition is complete.'));
    } else if (!locationShown) {
      locationShown = await locationSection(location, id, receivers);
      locationTries++;
    }
    main.dataset.status = a.status;
    main.dataset.spectra = String(panels.size);
    // Keeps asking while it runs, then for the location a while longer (the localisation comes after completion).
    return running(a.status) || (!locationShown && locationTries < LOCATION_TRIES);
  };
  let timer = null;
  const loop = async () => {
    try {
      if (await refresh()) {
        timer = setTimeout(loop, POLL_MS);
      }
    } catch (e) {
      state.textContent = `Refresh failed: ${e.message}; retrying.`;
      timer = setTimeout(loop, POLL_MS);
    }
  };
  if (await refresh()) {
    timer = setTimeout(loop, POLL_MS);
  }
  return () => clearTimeout(timer);
}

function renderSummary(section, a) {
  section.replaceChildren(
    el('h3', { id: 'summary' }, 'Request and status'),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Status'), el('dd', {}, statusBadge(a.status)),
      el('dt', {}, 'Frequency'), el('dd', {}, mhz(a.frequencyHz)),
      el('dt', {}, 'Duration'), el('dd', {}, seconds(a.durationSeconds)),
      el('dt', {}, 'Sample rate'), el('dd', {}, a.sampleRateHz == null ? '—' : `${a.sampleRateHz} Hz`),
      el('dt', {}, 'Requested'), el('dd', {}, timeElement(a.requestedAt), a.requestedBy ? ` by ${a.requestedBy}` : ''),
      el('dt', {}, 'Start at'), el('dd', {}, timeElement(a.startAt)),
      el('dt', {}, 'Captured'), el('dd', {}, timeElement(a.capturedAt)),
      el('dt', {}, 'Completed'), el('dd', {}, timeElement(a.completedAt)),
      el('dt', {}, 'Receivers'), el('dd', {}, `${a.receiversStored} stored, ${a.receiversFailed} failed of ${a.receiversExpected ?? '?'}`),
      a.reasons.length > 0 ? [el('dt', {}, 'Reasons'), el('dd', {}, a.reasons.join(' '))] : null));
}

function renderReceivers(section, detail, name) {
  const measured = new Map(detail.measurements.map((m) => [m.receiverId, m]));
  const rows = detail.receivers.map((r) => {
    const m = measured.get(r.receiverId);
    return [
      el('a', { href: `#/receivers/${r.receiverId}` }, name(r.receiverId)),
      el('span', { class: `outcome outcome-${r.outcome}` }, r.outcome),
      m ? db(m.snrDb) : '—', m ? hz(m.frequencyOffsetHz) : '—', m ? db(m.powerDbfs, 'dBFS') : '—',
      m ? (timingWords[m.timingSource] ?? '—') : '—',
      r.outcome === 'failed' ? el('span', { class: 'failure' }, r.detail ?? 'failed') : (m ? warnings(m) || '—' : '—'),
      r.dataUrl ? el('span', { class: 'downloads' },
        downloadLink(r.metaUrl, 'SigMF meta'), ' · ', downloadLink(r.dataUrl, 'SigMF data')) : '—',
    ];
  });
  section.replaceChildren(el('h3', { id: 'per-receiver' }, 'Per receiver'),
    rows.length === 0 ? message('No receiver has reported yet.')
      : table('Each receiver\'s capture', ['Receiver', 'Outcome', 'SNR', 'Offset', 'Power', 'Timing', 'Warnings or failure', 'Download'], rows, 'data outcomes'));
}

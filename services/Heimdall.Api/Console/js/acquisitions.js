// The acquisitions list (#/acquisitions): status, frequency, receivers stored/failed, refreshed every 2 s without a reload.
import { api } from './api.js';
import { el, table } from './dom.js';
import { timeElement, mhz, seconds } from './format.js';

export const POLL_MS = 2000;

/** An acquisition still moving (its page and the list keep polling while any is). */
export const running = (status) => !['completed', 'partial', 'failed', 'rejected'].includes(status);

export const statusBadge = (status) => el('span', { class: `status status-${status}` }, status);

export async function acquisitionsPage(main) {
  const holder = el('div', { id: 'acquisitions-table' });
  const state = el('p', { class: 'refresh', role: 'status', 'aria-live': 'polite' });
  main.replaceChildren(
    el('h2', {}, 'Acquisitions'),
    el('p', {}, el('a', { href: '#/acquisitions/new', class: 'button' }, 'New acquisition')),
    state, holder);
  let last = '';
  const refresh = async () => {
    const items = await api.get('/api/acquisitions?limit=50');
    const text = JSON.stringify(items);
    state.textContent = `${items.length} most recent; refreshed ${new Date().toISOString().slice(11, 19)} UTC (every ${POLL_MS / 1000} s)`;
    if (text === last) {
      return;
    }
    last = text;
    holder.replaceChildren(table('Most recent first', ['Acquisition', 'Status', 'Requested (UTC)', 'Frequency', 'Duration', 'Stored', 'Failed', 'Expected', 'By'],
      items.map((a) => [
        el('a', { href: `#/acquisitions/${a.acquisitionId}` }, a.acquisitionId.slice(0, 8)),
        statusBadge(a.status), timeElement(a.requestedAt), mhz(a.frequencyHz), seconds(a.durationSeconds),
        String(a.receiversStored), String(a.receiversFailed), a.receiversExpected == null ? '—' : String(a.receiversExpected), a.requestedBy ?? '—',
      ]), 'data acquisitions'));
  };
  await refresh();
  const timer = setInterval(() => refresh().catch((e) => { state.textContent = `Refresh failed: ${e.message}`; }), POLL_MS);
  return () => clearInterval(timer);
}

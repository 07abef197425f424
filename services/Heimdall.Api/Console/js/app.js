// The console's entry: the API key form, and hash routes (deep links) to the pages.
import { apiKey, setApiKey, ApiProblem } from './api.js';
import { el } from './dom.js';
import { networkPage } from './network.js';
import { receiverPage } from './receiver.js';
import { acquisitionsPage } from './acquisitions.js';
import { acquisitionPage } from './acquisition.js';
import { submitPage } from './submit.js';

const routes = [
  { pattern: /^\/?$/, nav: 'network', title: 'Network', page: networkPage },
  { pattern: /^\/receivers\/(?<id>\d+)$/, nav: 'network', title: 'Receiver', page: receiverPage },
  { pattern: /^\/acquisitions\/?$/, nav: 'acquisitions', title: 'Acquisitions', page: acquisitionsPage },
  { pattern: /^\/acquisitions\/new$/, nav: 'new', title: 'New acquisition', page: submitPage },
  { pattern: /^\/acquisitions\/(?<id>[0-9a-fA-F-]{36})$/, nav: 'acquisitions', title: 'Acquisition', page: acquisitionPage },
];

const main = document.getElementById('main');
let cleanup = null;
let generation = 0;

async function show() {
  const [path, search] = decodeURIComponent(location.hash.replace(/^#/, '') || '/').split('?');
  const route = routes.find((r) => r.pattern.test(path));
  cleanup?.();
  cleanup = null;
  const mine = ++generation;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (route && a.dataset.nav === route.nav) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  if (!route) {
    document.title = 'Not found · Heimdall';
    main.replaceChildren(el('h2', {}, 'Not found'), el('p', {}, `No page at #${path}. `, el('a', { href: '#/' }, 'The network')));
    return;
  }
  document.title = `${route.title} · Heimdall`;
  main.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
  main.removeAttribute('data-status');
  try {
    const done = await route.page(main, route.pattern.exec(path).groups ?? {}, new URLSearchParams(search ?? ''));
    if (mine === generation) {
      cleanup = done;
      main.dataset.page = route.nav;
    } else {
      done?.();
    }
  } catch (e) {
    if (mine === generation) {
      main.replaceChildren(el('h2', {}, route.title), el('p', { class: 'error', role: 'alert' }, e instanceof ApiProblem ? e.explain() : `The page failed: ${e.message}`));
    }
  }
}

function keyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  const state = document.getElementById('key-state');
  const say = () => { state.textContent = apiKey() ? 'A key is kept for this session.' : 'No key: reads only where the API allows them.'; };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey(input.value.trim());
    input.value = '';
    say();
    show();
  });
  document.getElementById('key-forget').addEventListener('click', () => {
    setApiKey('');
    say();
    show();
  });
  say();
}

keyForm();
window.addEventListener('hashchange', () => { show(); main.focus({ preventScroll: true }); });
show();

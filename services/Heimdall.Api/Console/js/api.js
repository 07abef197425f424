// The API client: every request goes to this origin's /api with the key kept for the browser session (sessionStorage).
const KEY_ITEM = 'heimdall.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY_ITEM) ?? '';
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(KEY_ITEM, key);
  } else {
    sessionStorage.removeItem(KEY_ITEM);
  }
}

/** A refusal or error answered by the API as RFC 9457 problem details. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Why, in words an operator can act on (the problem's reason for a key refusal). */
  explain() {
    const reason = this.problem.reason;
    if (reason === 'read-only-key') {
      return 'This API key is read-only: it may read but not submit acquisitions. Enter a read-write key (Api:Keys) above. ' + (this.problem.detail ?? '');
    }
    if (reason === 'missing-key') {
      return 'An API key is needed: enter it above (it is kept for this browser session only). ' + (this.problem.detail ?? '');
    }
    if (reason === 'unknown-key') {
      return 'The API does not know this key: check it and enter it again above. ' + (this.problem.detail ?? '');
    }
    const errors = this.problem.errors ? Object.values(this.problem.errors).flat().join(' ') : '';
    return [this.problem.title ?? `HTTP ${this.status}`, this.problem.detail, errors].filter(Boolean).join(' ');
  }
}

async function send(method, path, { body, etag } = {}) {
  const headers = { Accept: 'application/json' };
  const key = apiKey();
  if (key) {
    headers['X-Api-Key'] = key;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (etag) {
    headers['If-None-Match'] = etag;
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-cache' });
  if (response.status === 304) {
    return { notModified: true, etag };
  }
  const type = response.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiProblem(response.status, data);
  }
  return { data, etag: response.headers.get('etag'), location: response.headers.get('location') };
}

export const api = {
  get: async (path) => (await send('GET', path)).data,
  /** GET with If-None-Match: { notModified } or { data, etag }. */
  getTagged: (path, etag) => send('GET', path, { etag }),
  post: (path, body) => send('POST', path, { body }),
  /** The data, or null for a 404 (the resource does not exist yet). */
  getOrNull: async (path) => {
    try {
      return (await send('GET', path)).data;
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 404) {
        return null;
      }
      throw e;
    }
  },
};

/**
 * A link that downloads an API resource: a plain link where reads are open; with a key, fetched with it and saved from
 * a blob, since a link cannot send a header (reads may be closed to callers without a key).
 */
export function downloadLink(href, text, filename) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename ?? '';
  a.textContent = text;
  a.addEventListener('click', async (event) => {
    const key = apiKey();
    if (!key) {
      return;
    }
    event.preventDefault();
    const response = await fetch(href, { headers: { 'X-Api-Key': key } });
    if (!response.ok) {
      a.title = `Download refused: HTTP ${response.status}`;
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement('a');
    save.href = url;
    save.download = filename ?? href.split('/').pop();
    save.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return a;
}

// Small DOM helpers: elements built with properties and children, never HTML strings (no inline script or style).
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === 'class') {
      node.className = v;
    } else if (k === 'dataset') {
      Object.assign(node.dataset, v);
    } else if (k.startsWith('on')) {
      node.addEventListener(k.slice(2), v);
    } else if (k in node && typeof v !== 'string') {
      node[k] = v;
    } else {
      node.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) {
      node.append(c instanceof Node ? c : String(c));
    }
  }
  return node;
}

/** A table with a caption, column headers and rows of cells (strings or nodes). */
export function table(caption, headers, rows, className = 'data') {
  return el('table', { class: className },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)))))));
}

export function message(text, kind = 'note') {
  return el('p', { class: kind, role: kind === 'error' ? 'alert' : undefined }, text);
}

// The health history chart: one bar per probe at its time (UTC axis), its height the latency, red when unreachable.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attributes)) {
    node.setAttribute(k, v);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

const pad2 = (n) => String(n).padStart(2, '0');

export function healthChart(probes, from, to) {
  const width = 900; const height = 220; const left = 56; const right = 12; const top = 12; const bottom = 36;
  const span = to - from;
  const maxLatency = Math.max(1, ...probes.map((p) => p.latencyMs ?? 0));
  const x = (t) => left + ((t - from) / span) * (width - left - right);
  const y = (v) => top + (1 - (v / maxLatency)) * (height - top - bottom);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `Health history: ${probes.length} probes, latency up to ${maxLatency.toFixed(0)} ms; red bars are failed probes` });
  chart.append(svg('title', {}, 'Probe latency (ms) and reachability over time (UTC)'));
  chart.append(svg('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: 'axis' }));
  chart.append(svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, class: 'axis' }));
  for (const v of [0, maxLatency / 2, maxLatency]) {
    chart.append(svg('text', { x: left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, `${v.toFixed(0)} ms`));
  }
  for (let i = 0; i <= 7; i++) {
    const t = new Date(from.getTime() + (span * i) / 7);
    chart.append(svg('text', { x: x(t), y: height - bottom + 16, class: 'tick', 'text-anchor': 'middle' },
      `${t.getUTCMonth() + 1}-${pad2(t.getUTCDate())} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}`));
  }
  chart.append(svg('text', { x: width - right, y: height - 4, class: 'tick', 'text-anchor': 'end' }, 'UTC'));
  const barWidth = Math.max(1.5, Math.min(8, (width - left - right) / Math.max(probes.length, 1) * 0.8));
  for (const p of probes) {
    const t = new Date(p.probedAt);
    const h = p.reachable ? Math.max(2, (height - bottom) - y(p.latencyMs ?? 0)) : (height - top - bottom);
    const bar = svg('rect', { x: x(t) - (barWidth / 2), y: (height - bottom) - h, width: barWidth, height: h, class: p.reachable ? 'probe-up' : 'probe-down' });
    bar.append(svg('title', {}, `${t.toISOString()} ${p.reachable ? `reachable, ${p.latencyMs?.toFixed(0) ?? '?'} ms` : `unreachable: ${p.detail}`}`));
    chart.append(bar);
  }
  return chart;
}

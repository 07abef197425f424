// A recording's power spectrum and waterfall, drawn in canvases from GET .../spectrum. The zoom (a frequency window) is
// kept per recording for the page's life, so a refresh of the data redraws at the same zoom.
import { el } from './dom.js';
import { khz } from './format.js';

const zooms = new Map();

// A perceptual ramp (dark blue → teal → yellow), 256 entries of [r, g, b].
const RAMP = (() => {
  const stops = [[0, [13, 8, 135]], [0.35, [33, 145, 140]], [0.7, [94, 201, 98]], [1, [253, 231, 37]]];
  const ramp = [];
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const k = stops.findIndex(([s]) => s >= t);
    const [s1, c1] = stops[Math.max(0, k - 1)];
    const [s2, c2] = stops[Math.max(k, 1)];
    const f = s2 === s1 ? 0 : (t - s1) / (s2 - s1);
    ramp.push(c1.map((c, j) => Math.round(c + ((c2[j] - c) * f))));
  }
  return ramp;
})();

/** The panel of one recording: its canvases, zoom buttons and a caption; update(spectrum) draws (or redraws) it. */
export function spectrumPanel(key, title) {
  const psd = el('canvas', { class: 'psd', width: 900, height: 220, tabindex: '0', role: 'img',
    'aria-label': `${title}: power spectral density; + and - zoom, arrow keys pan, 0 resets` });
  const fall = el('canvas', { class: 'waterfall', width: 900, height: 200, role: 'img', 'aria-label': `${title}: waterfall, oldest row at the top` });
  const caption = el('figcaption', {});
  const range = el('span', { class: 'zoom-range', 'aria-live': 'polite' });
  const button = (text, label, action) => el('button', { type: 'button', 'aria-label': label, onclick: () => { action(); draw(); } }, text);
  let spectrum = null;
  const zoom = () => zooms.get(key) ?? { lo: 0, hi: 1 };
  const setZoom = (lo, hi) => {
    const width = Math.min(1, Math.max(hi - lo, 1 / 256));
    const start = Math.min(Math.max(lo, 0), 1 - width);
    zooms.set(key, { lo: start, hi: start + width });
  };
  const scale = (factor, centre) => {
    const z = zoom();
    const c = centre ?? ((z.lo + z.hi) / 2);
    setZoom(c - ((c - z.lo) * factor), c + ((z.hi - c) * factor));
  };
  const pan = (fraction) => {
    const z = zoom();
    const w = z.hi - z.lo;
    setZoom(z.lo + (w * fraction), z.hi + (w * fraction));
  };
  const controls = el('div', { class: 'zoom', role: 'group', 'aria-label': `Zoom of ${title}` },
    button('+', `Zoom in on ${title}`, () => scale(0.5)), button('−', `Zoom out of ${title}`, () => scale(2)),
    button('←', `Pan ${title} to lower frequencies`, () => pan(-0.25)), button('→', `Pan ${title} to higher frequencies`, () => pan(0.25)),
    button('Reset', `Show all of ${title}`, () => zooms.delete(key)), range);
  psd.addEventListener('wheel', (event) => {
    event.preventDefault();
    const rect = psd.getBoundingClientRect();
    const z = zoom();
    scale(event.deltaY < 0 ? 0.8 : 1.25, z.lo + (((event.clientX - rect.left) / rect.width) * (z.hi - z.lo)));
    draw();
  }, { passive: false });
  psd.addEventListener('keydown', (event) => {
    const actions = { '+': () => scale(0.5), '=': () => scale(0.5), '-': () => scale(2), ArrowLeft: () => pan(-0.25), ArrowRight: () => pan(0.25), 0: () => zooms.delete(key) };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
      draw();
    }
  });
  let image = null;
  function draw() {
    if (!spectrum) {
      return;
    }
    const z = zoom();
    const n = spectrum.bins;
    const first = Math.floor(z.lo * n);
    const last = Math.max(first + 1, Math.ceil(z.hi * n));
    const fLo = spectrum.firstBinHz + (first * spectrum.binWidthHz);
    const fHi = spectrum.firstBinHz + ((last - 1) * spectrum.binWidthHz);
    range.textContent = `${khz(fLo - spectrum.centerFrequencyHz)} to ${khz(fHi - spectrum.centerFrequencyHz)} from centre`;
    drawPsd(psd, spectrum, first, last);
    const ctx = fall.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, fall.width, fall.height);
    ctx.drawImage(image, first, 0, last - first, image.height, 0, 0, fall.width, fall.height);
  }
  return {
    element: el('figure', { class: 'spectrum', dataset: { key } }, el('h4', {}, title), controls, psd, fall, caption),
    update(next) {
      spectrum = next;
      image = waterfallImage(next.waterfall);
      const w = next.waterfall;
      caption.textContent = `Power spectral density in dBFS/Hz against the offset from ${(next.centerFrequencyHz / 1e6).toFixed(4)} MHz. ${next.bins} bins of ${next.binWidthHz.toFixed(2)} Hz, ${next.segmentCount} segments over ${next.durationSeconds.toFixed(3)} s at ` +
        `${next.sampleRateHz} Hz (${next.datatype}); waterfall ${w.rows} rows of ${w.rowSeconds.toFixed(4)} s, ` +
        `${w.offsetDb.toFixed(1)} to ${(w.offsetDb + (255 * w.scaleDb)).toFixed(1)} dBFS/Hz.`;
      psd.dataset.drawn = 'true';
      draw();
    },
  };
}

function waterfallImage(w) {
  const bytes = Uint8Array.from(atob(w.data), (c) => c.charCodeAt(0));
  const canvas = document.createElement('canvas');
  canvas.width = w.bins;
  canvas.height = w.rows;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(w.bins, w.rows);
  for (let i = 0; i < bytes.length; i++) {
    const [r, g, b] = RAMP[bytes[i]];
    img.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

function drawPsd(canvas, s, first, last) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const left = 56; const bottom = 24; const top = 8; const right = 8;
  const values = s.psdDbfsPerHz.slice(first, last);
  const hi = Math.ceil(Math.max(...values) / 10) * 10;
  const lo = Math.floor(Math.min(...values) / 10) * 10;
  const x = (i) => left + ((i / Math.max(values.length - 1, 1)) * (width - left - right));
  const y = (v) => top + (((hi - v) / Math.max(hi - lo, 1)) * (height - top - bottom));
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#d0d7de';
  ctx.fillStyle = '#57606a';
  ctx.font = '11px sans-serif';
  for (let v = lo; v <= hi; v += 10) {
    ctx.beginPath();
    ctx.moveTo(left, y(v));
    ctx.lineTo(width - right, y(v));
    ctx.stroke();
    ctx.fillText(`${v}`, 4, y(v) + 4);
  }
  for (let k = 0; k <= 4; k++) {
    const i = Math.round((k / 4) * (values.length - 1));
    const f = s.firstBinHz + ((first + i) * s.binWidthHz) - s.centerFrequencyHz;
    ctx.fillText(khz(f), Math.min(x(i) - 20, width - 60), height - 6);
  }
  ctx.strokeStyle = '#0550ae';
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
  ctx.stroke();
}

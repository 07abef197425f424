// Formatting: every time in UTC and marked so; frequencies in MHz; decibels to one decimal.
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** "2026-12-07 14:55:38 UTC" (null: "—"). */
export function utc(value) {
  if (!value) {
    return '—';
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    return String(value);
  }
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** A <time> element with the ISO value and the UTC text. */
export function timeElement(value) {
  const t = document.createElement('time');
  if (value) {
    t.dateTime = new Date(value).toISOString();
  }
  t.textContent = utc(value);
  return t;
}

export const mhz = (hz) => (hz === null || hz === undefined ? '—' : `${(hz / 1e6).toFixed(4)} MHz`);
export const khz = (hz) => (hz === null || hz === undefined ? '—' : `${(hz / 1e3).toFixed(1)} kHz`);
export const db = (v, unit = 'dB') => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ${unit}`);
export const hz = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} Hz`);
export const percent = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
export const seconds = (v) => (v === null || v === undefined ? '—' : `${v} s`);

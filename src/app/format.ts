// Human-readable numbers for the UI: byte sizes (binary units, labelled KB/MB/GB as heap tools do), counts with
// thousands separators, percentages. Pure and locale-independent so tests and screenshots are stable.

/** 1234567 -> "1,234,567". Integers only; fractional input is rounded. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const negative = n < 0;
  const digits = Math.round(Math.abs(n)).toString();
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return negative ? '-' + out : out;
}

/** 1 -> "1 object", 21339 -> "21,339 objects": a count with its noun in the right number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${Math.round(Math.abs(n)) === 1 ? singular : plural}`;
}

/** The exact byte count, for a tooltip beside a rounded size: "21,339,848 bytes". */
export function exactBytes(bytes: number): string {
  return countOf(bytes, 'byte');
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 KB", 21339848 -> "20.4 MB". 1 KB = 1024 bytes. Three significant digits at most. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const negative = bytes < 0;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let text: string;
  if (unit === 0) text = String(Math.round(value));
  else if (value >= 100) text = value.toFixed(0);
  else if (value >= 10) text = value.toFixed(1);
  else text = value.toFixed(2);
  // toFixed may round up to 1024 (e.g. 1023.97 KB): carry into the next unit.
  if (unit > 0 && unit < UNITS.length - 1 && Number(text) >= 1024) return (negative ? '-' : '') + '1.00 ' + UNITS[unit + 1];
  return (negative ? '-' : '') + text + ' ' + UNITS[unit];
}

/** Share of a total as "78.3%"; "<0.1%" for tiny non-zero shares. */
export function formatPercent(part: number, total: number): string {
  if (!(total > 0)) return '—';
  const p = (part / total) * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  return p.toFixed(1).replace(/\.0$/, '') + '%';
}

/** Seconds as "4 s", "1 min 05 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

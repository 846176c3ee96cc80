// A size typed by the reader (the instance filter's "retaining at least").
const UNITS: Record<string, number> = { '': 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** "4096", "1.5 MB", "64kb" as bytes (binary units, as the app shows sizes); null for anything else. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*$/i.exec(text);
  if (m === null) return null;
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? '').toUpperCase()]);
}

// Comparison of heapdrop's results with Eclipse MAT's answer files (docs/mat-semantics.md, "The parity corpus"): objects TSV object
// for object, histogram rows, and the summary's counts. Failures come back as a short readable digest (the first
// differing lines and counts by class), never the whole file.

export interface ObjectsDiff {
  matCount: number;
  oursCount: number;
  /** Lines in MAT's file and not ours, ours and not MAT's, or differing in a column. */
  differing: number;
  digest: string;
}

/** Rows of a TSV text without its header line, split into columns. */
function rows(text: string): string[][] {
  const lines = text.split('\n');
  const out: string[][] = [];
  for (let i = 1; i < lines.length; i++) if (lines[i].length > 0) out.push(lines[i].split('\t'));
  return out;
}

const COLUMNS = ['address', 'class', 'shallow', 'retained', 'idom', 'gc_root_types'];

/** Compares two objects files (address, class, shallow, retained, idom, gc_root_types), keyed by address. */
export function diffObjects(matText: string, oursText: string, maxLines = 20): ObjectsDiff {
  const mat = new Map<string, string[]>();
  for (const r of rows(matText)) mat.set(r[0], r);
  const ours = new Map<string, string[]>();
  for (const r of rows(oursText)) ours.set(r[0], r);
  const lines: string[] = [];
  const byClass = new Map<string, number>();
  const byColumn = new Map<string, number>();
  let differing = 0;
  const note = (kind: string, cls: string, line: string): void => {
    differing++;
    byColumn.set(kind, (byColumn.get(kind) ?? 0) + 1);
    byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
    if (lines.length < maxLines) lines.push(line);
  };
  for (const [address, m] of mat) {
    const o = ours.get(address);
    if (o === undefined) {
      note('only in MAT', m[1], `only in MAT:  ${m.join('\t')}`);
      continue;
    }
    const cols: string[] = [];
    for (let c = 1; c < COLUMNS.length; c++) if ((m[c] ?? '') !== (o[c] ?? '')) cols.push(COLUMNS[c]);
    if (cols.length > 0) {
      for (const c of cols.slice(1)) byColumn.set(c, (byColumn.get(c) ?? 0) + 1);
      note(cols[0], m[1], `${cols.join(',')}:\n   MAT:  ${m.join('\t')}\n   ours: ${o.join('\t')}`);
    }
  }
  for (const [address, o] of ours) {
    if (!mat.has(address)) note('only in ours', o[1], `only in ours: ${o.join('\t')}`);
  }
  let digest = '';
  if (differing > 0) {
    const top = [...byClass].sort((a, b) => b[1] - a[1]).slice(0, 10);
    digest =
      `${differing} differing objects (MAT ${mat.size}, ours ${ours.size})\n` +
      `by column: ${[...byColumn].map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
      `by class: ${top.map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
      lines.join('\n');
  }
  return { matCount: mat.size, oursCount: ours.size, differing, digest };
}

export interface MatHistogramRow {
  className: string;
  objects: number;
  shallow: number;
  /** Negative: MAT's approximate lower bound. */
  minRetained: number;
}

export function parseMatHistogram(text: string): MatHistogramRow[] {
  return rows(text).map((r) => ({ className: r[0], objects: Number(r[1]), shallow: Number(r[2]), minRetained: Number(r[3]) }));
}

/** Key/value lines of a MAT summary header; `gc_root_type` lines are gathered into `rootTypes`. */
export function parseMatSummary(text: string): { values: Record<string, string>; rootTypes: Record<string, number> } {
  const values: Record<string, string> = {};
  const rootTypes: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('##')) break;
    const parts = line.split('\t');
    if (parts[0] === 'gc_root_type') rootTypes[parts[1]] = Number(parts[2]);
    else if (parts.length >= 2) values[parts[0]] = parts[1];
  }
  return { values, rootTypes };
}

/** Multiset difference of two lists of lines, as a short digest ('' when equal). */
export function diffLines(expected: string[], actual: string[], maxLines = 20): string {
  const count = new Map<string, number>();
  for (const l of expected) count.set(l, (count.get(l) ?? 0) + 1);
  for (const l of actual) count.set(l, (count.get(l) ?? 0) - 1);
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [l, n] of count) {
    for (let i = 0; i < n; i++) missing.push(l);
    for (let i = 0; i < -n; i++) extra.push(l);
  }
  if (missing.length === 0 && extra.length === 0) return '';
  return [
    `${missing.length} expected lines missing, ${extra.length} unexpected`,
    ...missing.slice(0, maxLines).map((l) => `  missing: ${l}`),
    ...extra.slice(0, maxLines).map((l) => `  unexpected: ${l}`),
  ].join('\n');
}

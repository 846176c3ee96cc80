// What a snapshot holds, part by part, for the dialog's preview: item counts and the bytes each part costs.
import type { TreemapNode } from '../../../core/api.ts';
import type { ShareSnapshot } from './snapshot.ts';

export interface PreviewRow {
  part: 'summary' | 'histogram' | 'dominators' | 'treemap' | 'object' | 'suspects' | 'collections';
  label: string;
  items: number;
  /** UTF-8 bytes of the part's JSON, before compression. */
  jsonBytes: number;
}

export interface SnapshotPreview {
  rows: PreviewRow[];
  /** The whole snapshot's JSON, exactly as it will be compressed and encrypted. */
  json: string;
  jsonBytes: number;
}

const utf8 = new TextEncoder();
const bytesOf = (value: unknown) => utf8.encode(JSON.stringify(value)).length;

function countTreemap(n: TreemapNode): number {
  return 1 + (n.children ?? []).reduce((sum, c) => sum + countTreemap(c), 0);
}

export function previewSnapshot(s: ShareSnapshot): SnapshotPreview {
  const rows: PreviewRow[] = [];
  if (s.summary) rows.push({ part: 'summary', label: 'Summary', items: 1, jsonBytes: bytesOf(s.summary) });
  if (s.histogram)
    rows.push({ part: 'histogram', label: 'Class histogram rows', items: s.histogram.length, jsonBytes: bytesOf(s.histogram) });
  if (s.dominators) {
    rows.push({
      part: 'dominators',
      label: `Dominator tree nodes (depth ${s.dominators.depth})`,
      items: s.dominators.nodes.length,
      jsonBytes: bytesOf(s.dominators),
    });
  }
  if (s.treemap) rows.push({ part: 'treemap', label: 'Treemap cells', items: countTreemap(s.treemap), jsonBytes: bytesOf(s.treemap) });
  if (s.object) rows.push({ part: 'object', label: 'Object fields', items: s.object.fields.length, jsonBytes: bytesOf(s.object) });
  if (s.suspects)
    rows.push({ part: 'suspects', label: 'Leak suspects', items: s.suspects.suspects.length, jsonBytes: bytesOf(s.suspects) });
  if (s.collections)
    rows.push({
      part: 'collections',
      label: 'Collection classes (possible memory waste)',
      items: s.collections.classes.length,
      jsonBytes: bytesOf(s.collections),
    });
  const json = JSON.stringify(s);
  return { rows, json, jsonBytes: utf8.encode(json).length };
}

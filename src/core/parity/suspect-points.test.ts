// What MAT's leak report says of each suspect's accumulation point, on the corpus dumps (corpus
// *.mat-suspects.txt): the class loaders of the suspect's class and of the point's ("loaded by"), the shortest
// path from a GC root to the point with field names, "Accumulated Objects by Class in Dominator Tree" and "All
// Accumulated Objects by Class".

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { ObjectRow } from '../api.ts';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

interface MatSuspect {
  loaders: string[];
  /** Point first, each next line its referrer: [field, address]. */
  path: Array<[string, string]> | null;
  childrenByClass: string[];
  retainedByClass: string[];
}

const num = (text: string) => Number(text.replace(/,/g, ''));

/** Tables of one full-report section: rows after '[table] ...' up to a blank line, without 'Total:' rows. */
function table(section: string, title: string): string[][] {
  const at = section.indexOf(`##### ${title}\n`);
  if (at < 0) return [];
  const lines = section.slice(at).split('\n').slice(2);
  const rows: string[][] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) break;
    const cols = line.replace(/^[> ] /, '').split(' | ');
    if (!cols[0].startsWith('Total:')) rows.push(cols);
  }
  return rows;
}

function parse(text: string): Map<number, MatSuspect> {
  const [summary, full] = text.split('FULL REPORT: Leaks');
  const out = new Map<number, MatSuspect>();
  for (const part of summary
    .split(/\nProblem Suspect (\d+)\n/)
    .slice(1)
    .reduce<string[][]>((acc, x, i, all) => (i % 2 === 0 ? [...acc, [x, all[i + 1]]] : acc), [])) {
    const n = Number(part[0]);
    const body = part[1];
    if (!body.startsWith('-----------------\nKind: single object')) continue;
    const description = body.slice(body.indexOf("Description (MAT's words):"), body.indexOf('\nKeywords:'));
    const loaders = [...description.matchAll(/loaded by "([^"]+)"/g)].map((m) => m[1]);
    let path: MatSuspect['path'] = null;
    const p = body.indexOf('Shortest path to a GC root');
    if (p >= 0 && !body.includes('(MAT shows no referrer')) {
      path = [];
      for (const line of body.slice(p).split('\n').slice(1)) {
        if (!line.startsWith('    ')) break;
        const m = /^ {4}(?:<- (\S+) )?(?:class )?\S+ @ (0x[0-9a-f]+)/.exec(line.replace(/^ {4}<- <Java Local> /, '    <- <Java_Local> '));
        if (m) path.push([(m[1] ?? '').replace('<Java_Local>', '<Java Local>'), m[2]]);
      }
    }
    const section = full.split(`### [status: error] Problem Suspect ${n}\n`)[1]?.split('### [status: error] Problem Suspect')[0] ?? '';
    out.set(n, {
      loaders,
      path,
      childrenByClass: table(section, 'Accumulated Objects by Class in Dominator Tree').map(
        (c) => `${c[0].split(';')[0]} ${num(c[1])} ${num(c[2])} ${num(c[3])}`,
      ),
      retainedByClass: table(section, 'All Accumulated Objects by Class').map((c) => `${c[0].split(';')[0]} ${num(c[1])} ${num(c[2])}`),
    });
  }
  return out;
}

/** MAT's "loaded by" text: `<system class loader>` for the boot loader, else `class @ address`. */
const loaderText = (r: ObjectRow) => (r.label === '<system class loader>' ? r.label : `${r.className} @ ${r.address}`);

describe.skipIf(!existsSync(CORPUS))('suspects: accumulation points as MAT’s leak report describes them', () => {
  for (const name of ['basics', 'references', 'routes']) {
    it(name, async () => {
      const mat = parse(readFileSync(join(CORPUS, `${name}.mat-suspects.txt`), 'utf8'));
      expect(mat.size).toBeGreaterThan(0);
      const a = await analyzeFile(join(CORPUS, `${name}.hprof.gz`));
      const ours = (await a.leakSuspects()).suspects;
      for (const [n, want] of mat) {
        const s = ours[n - 1];
        const point = s.point!;
        expect(point, `suspect ${n}`).toBeDefined();
        // The suspect's loader (a class suspect: of its class), then the point's; MAT names no loader for a thread.
        const loaders = s.kind === 'thread' ? [loaderText(point.loader)] : [loaderText(s.loader!), loaderText(point.loader)];
        expect(loaders, `suspect ${n} loaders`).toEqual(want.loaders);
        if (want.path === null) expect(point.pathFromRoot, `suspect ${n} path`).toBeNull();
        else {
          const path = point.pathFromRoot!;
          // MAT lists from the point up: each referrer with its field; ours runs from the root, each step with the
          // field holding the next (a local's also names its frame, `<Java Local> in m(F.java:1)`, which MAT's
          // path table leaves to its stack section).
          const up: Array<[string, string]> = [];
          for (let i = path.length - 1; i >= 0; i--)
            up.push([
              i === path.length - 1 ? '' : path[i].field!.replace(/^<static> /, '').replace(/^(<[^>]+>) in .*$/, '$1'),
              path[i].object.address,
            ]);
          expect(up, `suspect ${n} path`).toEqual(want.path);
        }
        expect(
          point.childrenByClass.map((c) => `${c.className} ${c.count} ${c.shallowBytes} ${c.retainedBytes}`),
          `suspect ${n} by class in the dominator tree`,
        ).toEqual(want.childrenByClass);
        expect(
          point.retainedByClass.map((c) => `${c.className} ${c.objects} ${c.shallowBytes}`),
          `suspect ${n} all accumulated`,
        ).toEqual(want.retainedByClass);
        expect(point.retainedByClass.reduce((sum, c) => sum + c.shallowBytes, 0)).toBe(point.object.retainedBytes);
      }
      // The path as one line (MAT's path read from the root down).
      if (name === 'basics') {
        expect(ours[0].point!.chain).toBe('LauncherHelper.appClass → Basics.CACHE → HashMap.table → HashMap$Node[512]');
        expect(ours[1].point!.chain).toBe('Thread <Java Local> → int[1000000]');
      }
      if (name === 'routes')
        expect(ours[0].point!.chain).toBe(
          'LauncherHelper.appClass → Routes.PLANNER → Routes$RoutePlanner.nodes → HashMap.table → HashMap$Node[65536]',
        );
    });
  }
});

// The unreachable objects histogram against MAT: for a dump holding garbage, MAT's histogram with
// keep_unreachable_objects minus its default histogram is, class by class, what the default mode removes.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { parseMatHistogram } from './mat-files.ts';

it.skipIf(!haveCorpus('basics-all.hprof.gz'))(
  "equals the difference of MAT's keep and default histograms: basics-all",
  async () => {
    const a = await analyzeFile(corpusFile('basics-all.hprof.gz'));
    const byName = (file: string) => new Map(parseMatHistogram(readFileSync(corpusFile(file), 'utf8')).map((r) => [r.className, r]));
    const kept = byName('basics-all.keep.mat-histogram.tsv');
    const dropped = byName('basics-all.mat-histogram.tsv');
    const expected: string[] = [];
    for (const [name, k] of kept) {
      const d = dropped.get(name);
      const objects = k.objects - (d?.objects ?? 0);
      if (objects > 0) expected.push(`${name} ${objects} ${k.shallow - (d?.shallow ?? 0)}`);
    }
    const ours = a.unreachableHistogram().map((r) => `${r.className} ${r.objects} ${r.shallowBytes}`);
    expect(ours.sort()).toEqual(expected.sort());
    expect(ours.length).toBeGreaterThan(10);
    const total = a.unreachableHistogram().reduce((n, r) => n + r.objects, 0);
    expect(total).toBe(a.summary().unreachable.objects);
  },
  120_000,
);

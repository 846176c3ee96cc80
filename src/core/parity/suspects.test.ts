// MAT's Leak Suspects on the corpus dumps (CASE.mat-suspects.txt, its SUMMARY section): the same suspects, in the
// same order, of the same kind, with the same retained bytes, top-level dominator, accumulation point and top
// consumers. A group's accumulation point too: the corpus groups have none (MAT shows a Reference Pattern), and
// neither must ours (src/core/queries/suspects.test.ts has a group with one).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import { CORPUS } from '../testing/corpus.node.ts';

const CASES = ['basics', 'references', 'routes'];

interface MatSuspect {
  kind: string;
  retained: number;
  consumers: string[];
  topLevel?: string;
  point?: string;
  group?: string;
}

const num = (text: string): number => Number(text.replace(/,/g, ''));

/** The suspects of MAT's SUMMARY section, in its order. */
function parseMatSuspects(text: string): { count: number; suspects: MatSuspect[] } {
  const summary = text.slice(text.indexOf('\nSUMMARY\n'), text.indexOf('\nFULL REPORT'));
  const count = Number(/^Problem suspects: (\d+)/m.exec(summary)![1]);
  const suspects = summary
    .split(/^Problem Suspect \d+\n-+\n/m)
    .slice(1)
    .map((part): MatSuspect => {
      const kindLine = /^Kind: (.*)$/m.exec(part)![1];
      const kind = kindLine.startsWith('group')
        ? 'group'
        : /a class \(/.test(kindLine)
          ? 'class'
          : /a thread/.test(kindLine)
            ? 'thread'
            : /class loader/.test(kindLine)
              ? 'classloader'
              : 'instance';
      const retained = num(/(?:occupies|occupy|total size) ([\d,]+) \(/.exec(part)![1]);
      const consumers = [...part.matchAll(/"([^"]+)" \(([\d,]+) instances? totaling ([\d,]+)\)/g)].map(
        (m) => `${m[1]} ${num(m[2])} ${num(m[3])}`,
      );
      const topLevel = /^Top-level dominator[^:]*: .*? @ (0x[0-9a-f]+)/m.exec(part)?.[1];
      const point = /^Accumulation point \(object MAT describes\): .*? @ (0x[0-9a-f]+)/m.exec(part)?.[1];
      const groupMatch = /([\d,]+) instances of "([^"]+)"/.exec(part);
      return {
        kind,
        retained,
        consumers,
        topLevel,
        point,
        group: kind === 'group' && groupMatch ? `${num(groupMatch[1])} ${groupMatch[2]}` : undefined,
      };
    });
  return { count, suspects };
}

describe.skipIf(!existsSync(CORPUS))('leak suspects equal MAT’s', () => {
  for (const name of CASES) {
    it(name, async () => {
      const mat = parseMatSuspects(readFileSync(join(CORPUS, `${name}.mat-suspects.txt`), 'utf8'));
      expect(mat.suspects).toHaveLength(mat.count);
      const analysis = await analyzeFile(join(CORPUS, `${name}.hprof.gz`), {});
      const ours = await analysis.leakSuspects();
      expect(ours.usedHeapBytes).toBe(analysis.summary().usedHeapBytes);
      const mine = ours.suspects.map((s): MatSuspect => {
        const point = s.accumulation?.[s.accumulation.length - 1];
        return {
          kind: s.kind,
          retained: s.retainedBytes,
          consumers: s.topConsumers.map((c) => `${c.className} ${c.instances} ${c.shallowBytes}`),
          topLevel: s.object?.address,
          point: point?.address,
          group: s.group ? `${s.group.instances} ${s.group.className}` : undefined,
        };
      });
      expect(mine).toEqual(mat.suspects);
    });
  }
});

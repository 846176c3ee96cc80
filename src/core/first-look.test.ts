// The first look (analyzeDump's onFirstLook): the histogram of everything read, delivered once, right after the
// read step and before the graph is built.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeDump } from './analysis.ts';
import type { FirstLook, Progress } from './api.ts';
import { classHistogram, FIRST_LOOK_ROWS } from './histogram.ts';
import { readHprofFile } from './hprof/read-file.node.ts';
import { nodeFileSource } from './io/file-source.node.ts';
import { nodeInflaters } from './io/inflate.node.ts';
import { sizeModel } from './model/sizes.ts';

const GZ = fileURLToPath(new URL('../../test-fixtures/graph/graph.hprof.gz', import.meta.url));

describe('first look', () => {
  it('comes once, after the read and before the index step, with the largest classes of everything read', async () => {
    const events: string[] = [];
    const looks: FirstLook[] = [];
    const analysis = await analyzeDump(
      nodeFileSource(GZ),
      {},
      (p: Progress) => {
        if (events[events.length - 1] !== p.phase) events.push(p.phase);
      },
      {
        inflaters: nodeInflaters,
        onFirstLook: (look) => {
          looks.push(look);
          events.push('first-look');
        },
      },
    );
    expect(looks).toHaveLength(1);
    expect(events.slice(0, 3)).toEqual(['read', 'first-look', 'index']);
    const look = looks[0];

    // The reader's histogram of all objects, cut to its largest rows.
    const { parsed } = await readHprofFile(GZ);
    const all = classHistogram(parsed, sizeModel(parsed), null, { pseudoLoader: false }).filter((r) => r.instances > 0);
    expect(look.classes).toBe(all.length);
    expect(look.rows).toEqual(
      all.slice(0, FIRST_LOOK_ROWS).map((r) => ({ className: r.className, instances: r.instances, shallowBytes: r.shallowBytes })),
    );
    expect(look.rows.length).toBe(Math.min(FIRST_LOOK_ROWS, all.length));
    expect(look.objects).toBe(all.reduce((s, r) => s + r.instances, 0));
    expect(look.shallowBytes).toBe(all.reduce((s, r) => s + r.shallowBytes, 0));

    // Unreachable objects are in the first look and out of the finished analysis (MAT's default).
    const summary = analysis.summary();
    expect(summary.unreachable.objects).toBeGreaterThan(0);
    expect(look.objects).toBeGreaterThan(summary.objects);
    expect(look.shallowBytes).toBeGreaterThan(summary.usedHeapBytes);
    expect(look.shallowBytes).toBeLessThanOrEqual(summary.usedHeapBytes + summary.unreachable.shallowBytes);
  });
});

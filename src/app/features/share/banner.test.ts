import { expect, it } from 'vitest';
import { bannerText } from './banner.ts';

it('names the analysis, its date, what it holds and how it was redacted', () => {
  const text = bannerText(
    {
      v: 1,
      createdAt: Date.UTC(2026, 10, 26, 9, 30),
      title: 'orders.hprof.gz',
      redaction: { values: true, classNames: true },
      histogram: [{ classIndex: 0, className: 'byte[]', classAddress: '0x1', loaderAddress: '0x0', instances: 1, shallowBytes: 16 }],
      dominators: { depth: 4, nodes: [] },
    },
    Date.UTC(2026, 11, 26, 9, 30),
  );
  expect(text).toMatch(/^Shared analysis “orders\.hprof\.gz”, shared Nov 26, 2026, \d\d:\d\d [AP]M · read-only · /);
  expect(text).toContain('histogram (1 class), dominator tree to depth 4 (0 nodes)');
  expect(text).toContain('values removed, class names masked');
  expect(text).toMatch(/link expires Dec 26, 2026/);
  expect(bannerText({ v: 1, createdAt: 0, title: 't' }, null)).toMatch(/read-only · nothing included$/);
});

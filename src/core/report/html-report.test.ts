// The HTML report of a hand-built dump whose class, field, static field and thread names and String value are
// HTML and script: every one reaches the page as text (escaped), the page loads nothing from anywhere, and it
// holds the sections a reader expects.

import { describe, expect, it } from 'vitest';
import { analyzeDump } from '../analysis.ts';
import { nodeInflaters } from '../io/inflate.node.ts';
import { labelledQueries } from '../labelled-queries.ts';
import { memorySource } from '../testing/chunking.ts';
import { namedDump, type DumpNames } from '../testing/named-dumps.ts';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../analysis.node.ts';
import { buildHtmlReport, bytesText, esc, gatherReport } from './html-report.ts';

const COLLECTIONS_DUMP = fileURLToPath(new URL('../../../test-fixtures/collections/collections.hprof.gz', import.meta.url));

const NAMES: DumpNames = {
  packageName: 'evil',
  className: 'Evil<img src=x onerror=alert(1)>',
  fieldName: 'f"><script>alert(2)</script>',
  staticFieldName: 'S</style><link rel=stylesheet href=https://evil.example/x.css>',
  threadName: '<iframe src=http://evil.example/>\u202etxt',
  stringValue: '<script src="https://evil.example/a.js"></script>&amp;\u001b[2J',
};

/** Tags the report may use: no script, iframe, img, link, object, form, base... */
const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'h2',
  'h3',
  'nav',
  'a',
  'section',
  'article',
  'p',
  'dl',
  'dt',
  'dd',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'strong',
  'code',
]);

describe('the HTML report', () => {
  it('carries every dump string as escaped text and loads nothing', async () => {
    const analysis = await analyzeDump(memorySource(namedDump(NAMES)), {}, undefined, { inflaters: nodeInflaters });
    const data = await gatherReport(
      labelledQueries(() => analysis),
      'dump <b>name</b>.hprof',
      {},
      Date.UTC(2026, 11, 7),
    );
    const html = buildHtmlReport(data);

    // Every tag is one the report writes itself; no attribute points anywhere but inside the page.
    const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase());
    expect(tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    // Text holds no < or > (escaped), so every <…> is a tag the report wrote; its attributes are read from it.
    const attributes = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((tag) =>
      [...tag[0].matchAll(/\s([a-zA-Z-]+)=("[^"]*"|'[^']*'|[^\s>]+)/g)].map((m) => [m[1].toLowerCase(), m[2]]),
    );
    expect(attributes.length).toBeGreaterThan(10);
    expect(attributes.filter(([name]) => name.startsWith('on'))).toEqual([]);
    for (const [name, value] of attributes) if (name === 'href' || name === 'src') expect(value).toMatch(/^"#/);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // Outside the escaped text, no URL at all.
    const markup = html.replace(/>[^<]*</g, '><');
    expect(markup).not.toMatch(/https?:|\/\//i);

    // The hostile names are there, as text.
    const className = `evil.${NAMES.className}`;
    expect(html).not.toContain(className);
    expect(html).toContain(esc(className));
    expect(esc(className)).toBe('evil.Evil&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('dump &lt;b&gt;name&lt;/b&gt;.hprof');
    for (const raw of Object.values(NAMES)) if (/[<>]/.test(raw)) expect(html).not.toContain(raw);
    expect(html.includes('\u001b') || html.includes('\u202e')).toBe(false);
    expect(esc(NAMES.stringValue)).toBe('&lt;script src=&quot;https://evil.example/a.js&quot;&gt;&lt;/script&gt;&amp;amp;\\x1b[2J');

    // The sections, with what this dump has in them: the class object holding the registry is the top component
    // and the one suspect.
    for (const id of ['summary', 'suspects', 'top', 'strings', 'histogram', 'collections']) expect(html).toContain(`<section id="${id}">`);
    expect(data.suspects.ok && data.suspects.value.suspects.length).toBe(1);
    expect(data.topComponents.ok && data.topComponents.value[0].className).toBe('java.lang.Class');
    expect(html).toContain(`The class <span class="cls">${esc(className)}</span>`);
    expect(html).toContain(`${analysis.summary().objects.toLocaleString('en-US')}: `);
  });

  it('says what a section lacks instead of failing', async () => {
    const analysis = await analyzeDump(memorySource(namedDump(NAMES)), {}, undefined, { inflaters: nodeInflaters });
    const queries = labelledQueries(() => analysis);
    const data = await gatherReport(
      { ...queries, duplicateStrings: () => Promise.reject(new Error('The duplicate strings are <not> shared')) },
      'x',
      {},
    );
    const html = buildHtmlReport(data);
    expect(html).toContain('Not available: The duplicate strings are &lt;not&gt; shared');
    // The collections report, with a class name from the dump as text.
    expect(data.collections?.ok).toBe(true);
    const withCollections = buildHtmlReport({
      ...data,
      collections: {
        ok: true,
        value: {
          collections: 2,
          unreadable: 0,
          wastedBytes: 1234,
          classes: [
            {
              classIndex: 1,
              className: 'java.util.<b>',
              layout: 'HashMap',
              kind: 'map',
              objects: 2,
              shallowBytes: 96,
              retainedBytes: 2048,
              bySize: { empty: 1, one: 1, upTo10: 0, upTo100: 0, over100: 0 },
              entries: 1,
              averageFillRatio: 0.0625,
              emptyWithArray: 1,
              wastedBytes: 1234,
              largestWaste: [],
            },
          ],
        },
      },
    });
    expect(withCollections).toContain(
      '<td><span class="cls">java.util.&lt;b&gt;</span></td><td class="num">2</td><td class="num">1</td><td class="num">0.06</td><td class="num">1.21 KB</td>',
    );
    expect(buildHtmlReport({ ...data, collections: { ok: false, reason: 'The collections report is <not> shared' } })).toContain(
      'Not available: The collections report is &lt;not&gt; shared',
    );
    // Nothing was removed as unreachable here: no such section; with some, their classes.
    expect(data.unreachable).toBeNull();
    expect(html).not.toContain('<section id="unreachable">');
    const summary = { ...data.summary, unreachable: { objects: 3, shallowBytes: 48 } };
    const withUnreachable = buildHtmlReport({
      ...data,
      summary,
      unreachable: { ok: true, value: [{ className: 'Garbage<i>', objects: 3, shallowBytes: 48 }] },
    });
    expect(withUnreachable).toContain('<section id="unreachable">');
    expect(withUnreachable).toContain(
      '<td><span class="cls">Garbage&lt;i&gt;</span></td><td class="num">3</td><td class="num">48 bytes</td>',
    );
  });

  it('lists the collections that waste the most, as the collections query counts them', async () => {
    const analysis = await analyzeFile(COLLECTIONS_DUMP);
    const queries = labelledQueries(() => analysis);
    const data = await gatherReport(queries, 'collections.hprof.gz', { top: 5 });
    const html = buildHtmlReport(data);
    const report = await analysis.collections();
    expect(report.classes.length).toBeGreaterThan(5);
    expect(data.collections?.ok && data.collections.value.classes.map((c) => c.className)).toEqual(
      report.classes.slice(0, 5).map((c) => c.className),
    );
    const section = html.slice(
      html.indexOf('<section id="collections">'),
      html.indexOf('</section>', html.indexOf('<section id="collections">')),
    );
    expect(section).toContain(
      `${report.collections.toLocaleString('en-US')} collections waste <strong>${bytesText(report.wastedBytes)}</strong>`,
    );
    for (const row of report.classes.slice(0, 5)) {
      expect(section).toContain(
        `<td><span class="cls">${esc(row.className)}</span></td><td class="num">${row.objects.toLocaleString('en-US')}</td><td class="num">${row.bySize.empty.toLocaleString('en-US')}</td>`,
      );
      expect(section).toContain(`<td class="num">${bytesText(row.wastedBytes)}</td>`);
    }
    expect(section).not.toContain(esc(report.classes[5].className) + '</span></td>');
  });
});

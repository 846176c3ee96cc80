// Strings from a dump are data: no view may inject HTML. This scans the app's sources for the escape hatches.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the app renders dump strings as text', () => {
  const files = sources(path.dirname(new URL(import.meta.url).pathname)).concat(
    sources(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../worker')),
  );
  it('scans a real set of files', () => {
    expect(files.some((f) => f.endsWith('App.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('InspectorView.tsx'))).toBe(true);
  });
  it('uses no dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    const offenders = files.filter((f) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

// One corrupt byte in a JVM `-gz` dump: the damaged member is named and skipped, the members after it (and the
// GC roots the JVM writes last) are read, with a warning saying what was lost. A single-member gzip whose deflate
// data breaks stops there with a warning.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readHprof } from '../hprof/read-hprof.ts';
import { corpusFile } from '../testing/corpus.node.ts';
import { memorySource, parseBytes } from '../testing/chunking.ts';
import { nodeInflaters } from './inflate.node.ts';
import { portableInflaters } from './inflate.ts';

const CORPUS = corpusFile('references.hprof.gz');

/** Compressed offsets of the members of a JVM -gz file (its headers: 1f 8b 08, flags 0 or 0x10, mtime 0). */
function memberStarts(gz: Uint8Array): number[] {
  const starts: number[] = [];
  for (let p = gz.indexOf(0x1f); p >= 0; p = gz.indexOf(0x1f, p + 1)) {
    if (
      gz[p + 1] === 0x8b &&
      gz[p + 2] === 8 &&
      (gz[p + 3] === 0 || gz[p + 3] === 0x10) &&
      gz[p + 4] === 0 &&
      gz[p + 5] === 0 &&
      gz[p + 6] === 0 &&
      gz[p + 7] === 0
    ) {
      starts.push(p);
    }
  }
  return starts;
}

describe.skipIf(!existsSync(CORPUS))('a damaged gzip dump', () => {
  const gz = new Uint8Array(readFileSync(CORPUS));
  const plain = new Uint8Array(gunzipSync(gz));
  const whole = parseBytes(plain);
  const starts = memberStarts(gz);

  for (const [name, inflaters] of [
    ['zlib', nodeInflaters],
    ['portable', portableInflaters],
  ] as const) {
    it(`${name}: one corrupt byte in a -gz member names the member, skips it and reads the members after it`, async () => {
      expect(starts.length).toBeGreaterThanOrEqual(5);
      const k = 4; // the fifth member: object records before and after it
      const damaged = gz.slice();
      damaged[Math.floor((starts[k] + starts[k + 1]) / 2)] ^= 0x55;
      const { parsed, randomAccess } = await readHprof(memorySource(damaged, 100_000), { inflaters });
      const text = parsed.warnings.join('\n');
      expect(text).toMatch(
        new RegExp(
          `gzip member ${k + 1} \\(compressed bytes ${starts[k]}-${starts[k + 1]}\\) is damaged \\(.+\\): its \\d+ inflated bytes \\(dump bytes (\\d+)-(\\d+)\\) are lost`,
        ),
      );
      const [, from, to] = /dump bytes (\d+)-(\d+)/.exec(text)!.map(Number);
      const e = starts[k + 1];
      expect(to - from).toBe((gz[e - 4] | (gz[e - 3] << 8) | (gz[e - 2] << 16) | (gz[e - 1] << 24)) >>> 0); // the member's ISIZE
      expect(text).toMatch(/reading resumes at byte offset \d+/);
      expect(parsed.truncated).toBe(true);
      // Objects before and after the lost bytes are all there, at the same offsets, readable by random access.
      const at = new Map<number, number>();
      for (let o = 0; o < parsed.objectCount; o++) at.set(parsed.objectOffset(o), o);
      let before = 0;
      let after = 0;
      let missing = 0;
      for (let o = 0; o < whole.objectCount; o++) {
        const off = whole.objectOffset(o);
        if (at.has(off)) {
          if (off < from) before++;
          else after++;
        } else missing++;
      }
      expect(before).toBeGreaterThan(3000);
      expect(after).toBeGreaterThan(3000);
      expect(missing).toBeGreaterThan(0);
      expect(missing).toBeLessThan(whole.objectCount / 2);
      expect(parsed.objectCount).toBe(before + after);
      const lastOff = parsed.objectOffset(parsed.objectCount - 1);
      expect(await randomAccess.read(lastOff, 64)).toEqual(plain.subarray(lastOff, lastOff + 64));
      // The GC roots (written after the objects) are all read.
      expect(parsed.roots.count).toBe(whole.roots.count);
    });
  }

  it('a corrupt first member is a FormatError naming it', async () => {
    const damaged = gz.slice();
    damaged[Math.floor(starts[1] / 2)] ^= 0x55;
    await expect(readHprof(memorySource(damaged), { inflaters: nodeInflaters })).rejects.toThrow(
      /gzip member 1 \(compressed bytes 0-\d+\) is damaged .*it holds the dump's header/,
    );
  });

  it('a single-member gzip whose deflate data breaks stops there with a warning and keeps what came before', async () => {
    const single = new Uint8Array(gzipSync(plain, { level: 1 }));
    const damaged = single.slice();
    // A stored block's header with an impossible length check: inflating fails right there.
    let broken = -1;
    for (let p = Math.floor(single.length * 0.8); p < single.length - 100 && broken < 0; p += 997) {
      const trial = single.slice();
      trial.fill(0xff, p, p + 8);
      try {
        gunzipSync(trial);
      } catch (e) {
        if (!/incorrect data check/.test((e as Error).message)) broken = p;
      }
    }
    expect(broken).toBeGreaterThan(0);
    damaged.fill(0xff, broken, broken + 8);
    const { parsed } = await readHprof(memorySource(damaged, 100_000), { inflaters: nodeInflaters });
    expect(parsed.warnings.join('\n')).toMatch(
      /the gzip data is cut short or damaged near compressed byte offset (\d+) \(after \d+ inflated bytes\)/,
    );
    const near = Number(/near compressed byte offset (\d+)/.exec(parsed.warnings.join('\n'))![1]);
    expect(Math.abs(near - broken)).toBeLessThanOrEqual(64 * 1024);
    expect(parsed.truncated).toBe(true);
    expect(parsed.objectCount).toBeGreaterThan(whole.objectCount / 4);
    expect(parsed.objectCount).toBeLessThan(whole.objectCount);
  });
});

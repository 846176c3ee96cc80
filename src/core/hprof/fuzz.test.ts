// Mutated dumps (bit flips, truncations, inserted junk, overwritten lengths), seeded: only the declared
// HeapdropError types may escape, and no run may allocate absurd memory.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeapdropError } from '../errors.ts';
import { parseBytes } from '../testing/chunking.ts';
import { corpusFile } from '../testing/corpus.node.ts';
import { sampleDump } from '../testing/sample-dumps.ts';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(base: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  let b = base.slice();
  const ops = 1 + pick(4);
  for (let i = 0; i < ops; i++) {
    switch (pick(5)) {
      case 0: // bit flips
        for (let k = 0; k < 1 + pick(8); k++) b[pick(b.length)] ^= 1 << pick(8);
        break;
      case 1: // truncate
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 2: {
        // insert junk
        const at = pick(b.length + 1);
        const junk = new Uint8Array(1 + pick(64)).map(() => pick(256));
        const next = new Uint8Array(b.length + junk.length);
        next.set(b.subarray(0, at), 0);
        next.set(junk, at);
        next.set(b.subarray(at), at + junk.length);
        b = next;
        break;
      }
      case 3: {
        // overwrite 4 bytes with a large number (absurd lengths and counts)
        const at = pick(Math.max(1, b.length - 4));
        b.set([0x7f + pick(0x80), pick(256), pick(256), pick(256)].slice(0, Math.max(0, b.length - at)), at);
        break;
      }
      default: {
        // delete a range
        const at = pick(b.length + 1);
        const end = Math.min(b.length, at + pick(32));
        const next = new Uint8Array(b.length - (end - at));
        next.set(b.subarray(0, at), 0);
        next.set(b.subarray(end), at);
        b = next;
      }
    }
  }
  return b;
}

const bases: [string, Uint8Array][] = [
  ['sample 8-byte', sampleDump({ idSize: 8 }).bytes],
  ['sample 4-byte classes last', sampleDump({ idSize: 4, classesLast: true }).bytes],
  ['sample android', sampleDump({ android: true }).bytes],
];
const external = corpusFile('external', 'hprof-32.bin');
if (existsSync(external)) bases.push(['hprof-32.bin', new Uint8Array(readFileSync(external))]);

describe('fuzz', () => {
  it('400 seeded mutations: only HeapdropErrors, bounded memory', () => {
    const rnd = prng(Number(process.env.FUZZ_SEED ?? 20261126));
    const outcomes = new Map<string, number>();
    const baseline = process.memoryUsage().arrayBuffers;
    let worst = 0;
    for (let i = 0; i < Number(process.env.FUZZ_RUNS ?? 400); i++) {
      const [, base] = bases[i % bases.length];
      const bytes = mutate(base, rnd);
      const chunk = [bytes.length || 1, 7, 4096][i % 3];
      let outcome: string;
      try {
        const p = parseBytes(bytes, chunk);
        outcome = p.truncated ? 'truncated' : 'ok';
      } catch (e) {
        if (!(e instanceof HeapdropError)) throw new Error(`iteration ${i}: ${(e as Error)?.stack ?? e}`, { cause: e });
        outcome = e.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      worst = Math.max(worst, process.memoryUsage().arrayBuffers - baseline);
    }
    if (process.env.FUZZ_VERBOSE) console.log(Object.fromEntries(outcomes), worst);
    // A mix of outcomes shows the mutations reach past the header.
    expect(outcomes.get('FORMAT') ?? 0).toBeGreaterThan(0);
    expect((outcomes.get('ok') ?? 0) + (outcomes.get('truncated') ?? 0)).toBeGreaterThan(0);
    expect(worst).toBeLessThan(512 * 1024 * 1024);
  });
});

// The inflate pool with its workers simulated by MessageChannels running the real worker code
// (serveInflateRequests): a real JVM -gz dump reads the same through the pool as plain; members cross by transfer;
// a bad member rejects; a worker that cannot start leaves its members to the others or to the calling thread; a
// worker that dies mid-read rejects its members and reports why.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readHprof } from '../core/hprof/read-hprof.ts';
import { memorySource, parsedDigest } from '../core/testing/chunking.ts';
import { gzipMember, jvmBlockGzip } from '../core/testing/gzip-builder.ts';
import { sampleDump } from '../core/testing/sample-dumps.ts';
import { createInflatePool, defaultPoolSize, type InflateReply, type InflateRequest, type InflateWorkerLike } from './inflate-pool.ts';
import { serveInflateRequests } from './inflate.worker.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../test-fixtures/graph/${name}`, import.meta.url))));
const deflate = (d: Uint8Array) => new Uint8Array(deflateRawSync(d));

interface FakeWorker extends InflateWorkerLike {
  requests: number;
  fail(message: string): void;
}

/** A worker whose other side is a MessageChannel port served by the real worker code (structured clone, transfer). */
function channelWorker(options: { start?: boolean; hold?: boolean } = {}): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  const errorListeners: ((e: unknown) => void)[] = [];
  if (options.start !== false) {
    if (options.hold)
      port2.start(); // receives requests, never answers
    else serveInflateRequests(port2 as unknown as Parameters<typeof serveInflateRequests>[0]);
    if (options.hold) port2.postMessage({ ready: true } satisfies InflateReply);
  }
  port1.start();
  const worker: FakeWorker = {
    requests: 0,
    postMessage(message: InflateRequest, transfer: Transferable[]) {
      worker.requests++;
      port1.postMessage(message, transfer);
    },
    addEventListener(type: string, listener: (e: never) => void) {
      if (type === 'message') port1.addEventListener('message', listener as (e: MessageEvent) => void);
      else errorListeners.push(listener as (e: unknown) => void);
    },
    terminate() {
      port1.close();
      port2.close();
    },
    fail(message: string) {
      for (const l of errorListeners) l({ message });
    },
  };
  return worker;
}

describe('inflate pool', () => {
  it('reads a real JVM -gz dump through two workers exactly as the plain dump, members transferred both ways', async () => {
    const workers: FakeWorker[] = [];
    const pool = createInflatePool({ size: 2, createWorker: () => workers[workers.push(channelWorker()) - 1] });
    try {
      const gzBytes = fixture('graph.hprof.gz');
      // One chunk: the reader finds several members at once and keeps them in flight together.
      const gz = await readHprof(memorySource(gzBytes, gzBytes.length), { inflaters: pool.inflaters });
      const plain = await readHprof(memorySource(fixture('graph.hprof')));
      // Two dumps of one JVM, taken one after the other: the same heap, but HotSpot numbers the classes anew for
      // each dump, so the stack frames' class serials differ; everything else is equal.
      const { stacks: _gzStacks, ...gzDigest } = parsedDigest(gz.parsed) as Record<string, unknown>;
      const { stacks: _plainStacks, ...plainDigest } = parsedDigest(plain.parsed) as Record<string, unknown>;
      expect(gzDigest).toEqual(plainDigest);
      expect(gz.parsed.compressed).toBe(true);
      expect(workers.length).toBe(2);
      expect(workers.every((w) => w.requests > 0)).toBe(true);
      expect(pool.failure()).toBeNull();

      const member = gzipMember(new TextEncoder().encode('one member'), deflate);
      const out = await pool.inflaters.member(member);
      expect(new TextDecoder().decode(out)).toBe('one member');
      expect(member.byteLength).toBe(0); // its buffer went to the worker
    } finally {
      pool.terminate();
    }
  });

  it('gives the same dump for many small members with read-ahead 1 and 8', async () => {
    const plain = sampleDump({ idSize: 8 }).bytes;
    const gz = jvmBlockGzip(plain, 64, deflate);
    for (const readAhead of [1, 8]) {
      const pool = createInflatePool({ size: 3, readAhead, createWorker: () => channelWorker() });
      try {
        expect(pool.inflaters.readAhead).toBe(readAhead);
        const viaPool = await readHprof(memorySource(gz, 100), { inflaters: pool.inflaters });
        expect(parsedDigest(viaPool.parsed)).toEqual(parsedDigest((await readHprof(memorySource(plain))).parsed));
      } finally {
        pool.terminate();
      }
    }
  });

  it('rejects a member whose CRC does not match', async () => {
    const pool = createInflatePool({ size: 1, createWorker: () => channelWorker() });
    try {
      const member = gzipMember(new TextEncoder().encode('checked by crc32'), deflate);
      member[member.length - 8] ^= 0xff; // CRC32 is the trailer's first word
      await expect(pool.inflaters.member(member)).rejects.toThrow();
      expect(pool.failure()).toBeNull(); // a bad member is the reader's business, not a pool failure
    } finally {
      pool.terminate();
    }
  });

  it('inflates on the calling thread when no worker starts, and when Worker is missing', async () => {
    const failing = createInflatePool({ size: 2, startTimeoutMs: 50, createWorker: () => channelWorker({ start: false }) });
    const throwing = createInflatePool({
      size: 2,
      createWorker: () => {
        throw new Error('no nested workers here');
      },
    });
    const none = createInflatePool({ size: 2, createWorker: null });
    try {
      for (const pool of [failing, throwing, none]) {
        const out = await pool.inflaters.member(gzipMember(new TextEncoder().encode('fallback'), deflate));
        expect(new TextDecoder().decode(out)).toBe('fallback');
        expect(pool.failure()).toBeNull();
      }
    } finally {
      for (const pool of [failing, throwing, none]) pool.terminate();
    }
  });

  it('a worker that dies with members in flight rejects them and reports the failure', async () => {
    const workers: FakeWorker[] = [];
    const pool = createInflatePool({ size: 1, createWorker: () => workers[workers.push(channelWorker({ hold: true })) - 1] });
    try {
      const pending = pool.inflaters.member(gzipMember(new TextEncoder().encode('lost'), deflate));
      while (workers[0].requests === 0) await new Promise((r) => setTimeout(r, 5));
      workers[0].fail('out of memory');
      await expect(pending).rejects.toThrow(/inflate worker failed: out of memory/);
      expect(pool.failure()).toMatch(/out of memory/);
      // The next member has no worker left: it inflates on the calling thread.
      const out = await pool.inflaters.member(gzipMember(new TextEncoder().encode('after'), deflate));
      expect(new TextDecoder().decode(out)).toBe('after');
    } finally {
      pool.terminate();
    }
  });

  it('after terminate, pending members reject and later ones inflate on the calling thread', async () => {
    const workers: FakeWorker[] = [];
    const pool = createInflatePool({ size: 1, createWorker: () => workers[workers.push(channelWorker({ hold: true })) - 1] });
    const pending = pool.inflaters.member(gzipMember(new TextEncoder().encode('pending'), deflate));
    pool.terminate();
    await expect(pending).rejects.toThrow(/stopped/);
    const out = await pool.inflaters.member(gzipMember(new TextEncoder().encode('later'), deflate));
    expect(new TextDecoder().decode(out)).toBe('later');
    expect(workers[0].requests).toBe(0);
  });

  it('sizes itself from the hardware threads, leaving one to the parser, between 1 and 4', () => {
    expect([undefined, 1, 2, 3, 5, 16].map(defaultPoolSize)).toEqual([1, 1, 1, 2, 4, 4]);
    expect(createInflatePool({ size: 4, createWorker: null }).inflaters.readAhead).toBe(8);
    expect(createInflatePool({ size: 1, createWorker: null }).inflaters.readAhead).toBe(3);
  });
});

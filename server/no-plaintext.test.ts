// End-to-end secrecy check: a share snapshot built as the app builds it (no redaction at all, the worst case),
// sealed with the app's envelope code and uploaded over HTTP, must leave no class name or string of the dump
// in what the server stores: the SQLite files on disk, and the objects in S3 (moto_server).
// A control upload of the same snapshot in clear proves the search would find them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, type SnapshotSource } from '../src/app/features/share/collect-snapshot.ts';
import { HEADER_BYTES } from '../src/app/features/share/envelope.ts';
import { openEnvelope, sealSnapshot } from '../src/app/features/share/open-share.ts';
import { isPlatformClassName, redactSnapshot } from '../src/app/features/share/redact.ts';
import type { ShareSnapshot } from '../src/app/features/share/snapshot.ts';
import { analysisSource, APP_CLASS_NAMES, fixtureSource, SECRET_STRINGS } from '../src/app/features/share/test-fixture.ts';
import { CORPUS } from '../src/core/testing/corpus.node.ts';
import { createS3Client, openS3Storage } from './storage/s3.ts';
import { envelopeShaped, startMoto, startTestServer, type Moto } from './testing.ts';

const corpusDir = CORPUS;

/** The real analysis of a corpus dump when the core can produce it, else the hand-built fixture. */
async function sourceAndNeedles(): Promise<{ source: SnapshotSource; needles: string[]; origin: string }> {
  const dump = join(corpusDir, 'basics.hprof.gz');
  if (existsSync(dump)) {
    try {
      const { analyzeFile } = await import('../src/core/analysis.node.ts');
      // The analysis is cancelled past a deadline so a slow or unfinished core falls back instead of hanging.
      const deadline = Date.now() + 100_000;
      const a = await analyzeFile(dump, { isCancelled: () => Date.now() > deadline });
      const source = analysisSource(a);
      const classNames = a
        .histogram()
        .map((h) => h.className)
        .filter((n) => !isPlatformClassName(n) && n.length >= 6);
      const strings = a
        .dominatorChildren(-1, 0, 2000)
        .items.map((r) => r.label ?? '')
        .filter((s) => s.length >= 8);
      return { source, needles: [...new Set([...classNames, ...strings.slice(0, 50)])], origin: `corpus dump ${dump}` };
    } catch (e) {
      console.warn(`core analysis unavailable (${e instanceof Error ? e.message : String(e)}); using the hand-built fixture`);
    }
  }
  return { source: fixtureSource(), needles: [...APP_CLASS_NAMES, ...SECRET_STRINGS], origin: 'hand-built fixture' };
}

let snapshot: ShareSnapshot;
let needles: string[];

beforeAll(async () => {
  const got = await sourceAndNeedles();
  console.log(
    `no-plaintext: snapshot from the ${got.origin}, ${got.needles.length} needles, e.g. ${got.needles.slice(0, 4).concat(got.needles.slice(-4)).join(' | ')}`,
  );
  needles = got.needles;
  const raw = await collectSnapshot(got.source, {
    title: 'basics.hprof.gz',
    summary: true,
    histogramTop: Infinity,
    dominators: { depth: 12, maxNodes: 5000 },
    treemap: { depth: 6, maxNodes: 2000 },
    objectIndex: null,
    suspects: true,
  });
  snapshot = redactSnapshot(raw, { values: false, classNames: false }); // nothing removed: the worst case
}, 240_000);

function found(haystacks: Buffer[]): string[] {
  return needles.filter((n) => haystacks.some((h) => h.includes(Buffer.from(n, 'utf8'))));
}

/** Stored in clear, nearly every needle is found; a few may be cut by a chunk or page boundary of the store. */
function controlMinimum(): number {
  return Math.ceil(needles.length * 0.9);
}

function sqliteFiles(dir: string): Buffer[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('shares.sqlite'))
    .map((f) => readFileSync(join(dir, f)));
}

/**
 * The snapshot's JSON in clear behind a valid envelope header: the server checks the envelope's shape, not that
 * what follows is encrypted (it cannot), so this is stored as it is.
 */
function inClear(s: ShareSnapshot): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(s));
  const out = envelopeShaped(HEADER_BYTES + 12 + json.length, 9);
  out.set(json, HEADER_BYTES + 12);
  return out;
}

async function upload(url: string, body: Uint8Array): Promise<string> {
  const r = await fetch(`${url}/api/shares`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: body as Uint8Array<ArrayBuffer>,
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

it('the snapshot in clear holds every needle (so the search below means something)', () => {
  const json = Buffer.from(JSON.stringify(snapshot));
  expect(needles.length).toBeGreaterThan(3);
  expect(found([json])).toEqual(needles);
});

describe('sqlite storage', () => {
  it('stores no class name or string of the dump', async () => {
    const server = await startTestServer();
    const sealed = await sealSnapshot(snapshot);
    const id = await upload(server.url, sealed.bytes);
    // The stored bytes are the envelope, and they open back into the same snapshot.
    const got = new Uint8Array(await (await fetch(`${server.url}/api/shares/${id}`)).arrayBuffer());
    expect(await openEnvelope(got, sealed.keyText)).toEqual(snapshot);
    const files = sqliteFiles(server.dataDir);
    await server.close();
    expect(files.length).toBeGreaterThan(0);
    expect(found([...files, ...sqliteFiles(server.dataDir)])).toEqual([]);

    // Control: the same snapshot uploaded in clear is found by the same search.
    const control = await startTestServer();
    await upload(control.url, inClear(snapshot));
    await control.close();
    expect(found(sqliteFiles(control.dataDir)).length).toBeGreaterThanOrEqual(controlMinimum());
  });
});

let moto: Moto | { unavailable: string } | undefined;
afterAll(async () => {
  if (moto && 'stop' in moto) await moto.stop();
});

describe('s3 storage (moto_server)', async () => {
  moto = await startMoto();
  const m = moto;
  if ('unavailable' in m) {
    console.warn(`SKIPPED s3 no-plaintext test: ${m.unavailable}`);
    it.skip(`s3: ${m.unavailable}`, () => {});
    return;
  }

  async function storedObjects(bucket: Awaited<ReturnType<Moto['bucket']>>): Promise<Buffer[]> {
    const client = createS3Client(bucket);
    const out: Buffer[] = [];
    const list = await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket }));
    for (const o of list.Contents ?? []) {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: o.Key }));
      out.push(Buffer.from(o.Key ?? ''), Buffer.from(JSON.stringify(got.Metadata ?? {})));
      out.push(Buffer.from((await got.Body?.transformToByteArray()) ?? []));
    }
    client.destroy();
    return out;
  }

  it('stores no class name or string of the dump', async () => {
    const bucket = await m.bucket('heapdrop-secrecy');
    const server = await startTestServer({ storage: openS3Storage(bucket) });
    const sealed = await sealSnapshot(snapshot);
    await upload(server.url, sealed.bytes);
    await server.close();
    const objects = await storedObjects(bucket);
    expect(objects.some((b) => b.length === sealed.bytes.length)).toBe(true);
    expect(found(objects)).toEqual([]);

    const controlBucket = await m.bucket('heapdrop-secrecy-control');
    const control = await startTestServer({ storage: openS3Storage(controlBucket) });
    await upload(control.url, inClear(snapshot));
    await control.close();
    expect(found(await storedObjects(controlBucket)).length).toBeGreaterThanOrEqual(controlMinimum());
  });
});

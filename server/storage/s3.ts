// S3-compatible object storage for several server processes behind a load balancer (AWS S3, MinIO, Ceph, moto).
// Keys: `shares/<id>` holds the ciphertext with its metadata; `tombstones/<id>` marks a deleted or expired share;
// `expiry/<expiresAt, 15 digits>/<id>` is an index that lists in expiry order, so a purge reads only what is due.
// The index entry is written before the share, so no share exists without one.
// Every call has a deadline (the SDK's connection and request timeouts, and an overall one that aborts the call):
// an endpoint that accepts connections and never answers gives StorageTimeoutError (answered 503), not a hang.
// This module is imported only when HEAPDROP_STORAGE=s3 (storage/open.ts), so the SDK is not loaded otherwise.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { StorageTimeoutError, type ShareMeta, type ShareRecord, type ShareStorage } from './types.ts';

export interface S3StorageOptions {
  bucket: string;
  endpoint?: string;
  region?: string;
  /** Defaults to the SDK's chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Path-style URLs (bucket in the path), needed by most self-hosted S3-compatible servers. */
  forcePathStyle?: boolean;
  /** Deadline of one storage call, retries included (default 10 s). */
  callTimeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 10_000;

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

function expiryKey(expiresAt: number, id: string): string {
  return `expiry/${String(Math.max(0, Math.floor(expiresAt))).padStart(15, '0')}/${id}`;
}

function metaFrom(m: Record<string, string> | undefined): ShareMeta | null {
  const createdAt = Number(m?.['created-at']);
  const expiresAt = Number(m?.['expires-at']);
  const deleteTokenHash = m?.['delete-token-hash'];
  if (!Number.isFinite(createdAt) || !Number.isFinite(expiresAt) || !deleteTokenHash) return null;
  return { createdAt, expiresAt, deleteTokenHash };
}

export function createS3Client(options: S3StorageOptions): S3Client {
  const config: S3ClientConfig = {
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    maxAttempts: 2,
    // Options of the SDK's Node HTTP handler: a connection must open within 3 s, and a request that receives
    // nothing for the call's deadline is abandoned.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS },
  };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.credentials) config.credentials = options.credentials;
  return new S3Client(config);
}

export function openS3Storage(options: S3StorageOptions, client: S3Client = createS3Client(options)): ShareStorage {
  const Bucket = options.bucket;
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;

  /** One SDK call under the overall deadline; the request is aborted when it passes. */
  const sendWith = client.send.bind(client) as (command: object, options: { abortSignal: AbortSignal }) => Promise<unknown>;
  async function send<T = unknown>(command: object): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      return (await sendWith(command, { abortSignal: abort.signal })) as T;
    } catch (e) {
      if (abort.signal.aborted) throw new StorageTimeoutError(command.constructor.name, timeoutMs);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async function tombstoneState(id: string): Promise<'deleted' | 'expired' | 'missing'> {
    try {
      const head = await send<HeadObjectCommandOutput>(new HeadObjectCommand({ Bucket, Key: `tombstones/${id}` }));
      return head.Metadata?.state === 'expired' ? 'expired' : 'deleted';
    } catch (e) {
      if (isNotFound(e)) return 'missing';
      throw e;
    }
  }

  async function headShare(id: string): Promise<{ meta: ShareMeta | null; size: number } | null> {
    try {
      const head = await send<HeadObjectCommandOutput>(new HeadObjectCommand({ Bucket, Key: `shares/${id}` }));
      return { meta: metaFrom(head.Metadata), size: head.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async function bury(id: string, state: 'deleted' | 'expired', expiresAt: number | null): Promise<void> {
    await send(new PutObjectCommand({ Bucket, Key: `tombstones/${id}`, Body: new Uint8Array(0), Metadata: { state } }));
    await send(new DeleteObjectCommand({ Bucket, Key: `shares/${id}` }));
    if (expiresAt !== null) await send(new DeleteObjectCommand({ Bucket, Key: expiryKey(expiresAt, id) }));
  }

  return {
    async put(id, bytes, meta) {
      await send(new PutObjectCommand({ Bucket, Key: expiryKey(meta.expiresAt, id), Body: new Uint8Array(0) }));
      await send(
        new PutObjectCommand({
          Bucket,
          Key: `shares/${id}`,
          Body: bytes,
          ContentType: 'application/octet-stream',
          Metadata: {
            'created-at': String(meta.createdAt),
            'expires-at': String(meta.expiresAt),
            'delete-token-hash': meta.deleteTokenHash,
          },
        }),
      );
    },
    async get(id, now): Promise<ShareRecord> {
      // The metadata first; the body is fetched only when it is read, as a stream (never the whole object).
      const head = await headShare(id);
      if (!head) return { state: await tombstoneState(id) };
      const meta = head.meta;
      if (!meta) throw new Error(`share ${id} has no readable metadata`);
      if (meta.expiresAt <= now) return { state: 'expired' };
      return {
        state: 'live',
        meta,
        size: head.size,
        async *chunks() {
          const out = await send<GetObjectCommandOutput>(new GetObjectCommand({ Bucket, Key: `shares/${id}` }));
          const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
          if (!body) return;
          try {
            for await (const chunk of body) yield chunk;
          } finally {
            body.destroy?.();
          }
        },
      };
    },
    async meta(id, now) {
      const head = await headShare(id);
      if (!head) return tombstoneState(id);
      if (!head.meta) throw new Error(`share ${id} has no readable metadata`);
      return head.meta.expiresAt <= now ? 'expired' : head.meta;
    },
    async delete(id) {
      const head = await headShare(id);
      if (!head) return false;
      await bury(id, 'deleted', head.meta?.expiresAt ?? null);
      return true;
    },
    async purgeExpired(now) {
      let purged = 0;
      let ContinuationToken: string | undefined;
      for (;;) {
        const page = await send<ListObjectsV2CommandOutput>(new ListObjectsV2Command({ Bucket, Prefix: 'expiry/', ContinuationToken }));
        for (const entry of page.Contents ?? []) {
          const m = /^expiry\/(\d{15})\/([A-Za-z0-9_-]+)$/.exec(entry.Key ?? '');
          if (!m) continue;
          const expiresAt = Number(m[1]);
          if (expiresAt > now) return purged; // keys list in expiry order
          const id = m[2];
          if (await headShare(id)) {
            await bury(id, 'expired', expiresAt);
            purged++;
          } else {
            await send(new DeleteObjectCommand({ Bucket, Key: entry.Key }));
          }
        }
        if (!page.IsTruncated) return purged;
        ContinuationToken = page.NextContinuationToken;
      }
    },
    async liveBytes() {
      let total = 0;
      let ContinuationToken: string | undefined;
      for (;;) {
        const page = await send<ListObjectsV2CommandOutput>(new ListObjectsV2Command({ Bucket, Prefix: 'shares/', ContinuationToken }));
        for (const entry of page.Contents ?? []) total += entry.Size ?? 0;
        if (!page.IsTruncated) return total;
        ContinuationToken = page.NextContinuationToken;
      }
    },
    async probe() {
      const stamp = String(Date.now());
      await send(new PutObjectCommand({ Bucket, Key: 'health/probe', Body: new Uint8Array(0), Metadata: { at: stamp } }));
      const head = await send<HeadObjectCommandOutput>(new HeadObjectCommand({ Bucket, Key: 'health/probe' }));
      if (head.Metadata?.at !== stamp) throw new Error('the health probe did not read back what it wrote');
    },
    async close() {
      client.destroy();
    },
  };
}

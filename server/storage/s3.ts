// S3-compatible object storage for several server processes behind a load balancer (AWS S3, MinIO, Ceph, moto).
// Keys: `shares/<id>` holds the ciphertext with its metadata; `tombstones/<id>` marks a deleted or expired share;
// `expiry/<expiresAt, 15 digits>/<id>` is an index that lists in expiry order, so a purge reads only what is due.
// The index entry is written before the share, so no share exists without one.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { ShareMeta, ShareRecord, ShareStorage } from './types.ts';

export interface S3StorageOptions {
  bucket: string;
  endpoint?: string;
  region?: string;
  /** Defaults to the SDK's chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Path-style URLs (bucket in the path), needed by most self-hosted S3-compatible servers. */
  forcePathStyle?: boolean;
}

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
  };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.credentials) config.credentials = options.credentials;
  return new S3Client(config);
}

export function openS3Storage(options: S3StorageOptions, client: S3Client = createS3Client(options)): ShareStorage {
  const Bucket = options.bucket;

  async function tombstoneState(id: string): Promise<'deleted' | 'expired' | 'missing'> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: `tombstones/${id}` }));
      return head.Metadata?.state === 'expired' ? 'expired' : 'deleted';
    } catch (e) {
      if (isNotFound(e)) return 'missing';
      throw e;
    }
  }

  async function headShare(id: string): Promise<ShareMeta | null> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: `shares/${id}` }));
      return metaFrom(head.Metadata);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async function bury(id: string, state: 'deleted' | 'expired', expiresAt: number | null): Promise<void> {
    await client.send(new PutObjectCommand({ Bucket, Key: `tombstones/${id}`, Body: new Uint8Array(0), Metadata: { state } }));
    await client.send(new DeleteObjectCommand({ Bucket, Key: `shares/${id}` }));
    if (expiresAt !== null) await client.send(new DeleteObjectCommand({ Bucket, Key: expiryKey(expiresAt, id) }));
  }

  return {
    async put(id, bytes, meta) {
      await client.send(new PutObjectCommand({ Bucket, Key: expiryKey(meta.expiresAt, id), Body: new Uint8Array(0) }));
      await client.send(
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
      let out;
      try {
        out = await client.send(new GetObjectCommand({ Bucket, Key: `shares/${id}` }));
      } catch (e) {
        if (isNotFound(e)) return { state: await tombstoneState(id) };
        throw e;
      }
      const meta = metaFrom(out.Metadata);
      if (!meta) {
        await out.Body?.transformToByteArray();
        throw new Error(`share ${id} has no readable metadata`);
      }
      if (meta.expiresAt <= now) {
        // Drain the body so the connection is reused.
        await out.Body?.transformToByteArray();
        return { state: 'expired' };
      }
      const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
      return { state: 'live', bytes, meta };
    },
    async meta(id, now) {
      const meta = await headShare(id);
      if (!meta) return tombstoneState(id);
      return meta.expiresAt <= now ? 'expired' : meta;
    },
    async delete(id) {
      const meta = await headShare(id);
      if (!meta) return false;
      await bury(id, 'deleted', meta.expiresAt);
      return true;
    },
    async purgeExpired(now) {
      let purged = 0;
      let ContinuationToken: string | undefined;
      for (;;) {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: 'expiry/', ContinuationToken }));
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
            await client.send(new DeleteObjectCommand({ Bucket, Key: entry.Key }));
          }
        }
        if (!page.IsTruncated) return purged;
        ContinuationToken = page.NextContinuationToken;
      }
    },
    async close() {
      client.destroy();
    },
  };
}

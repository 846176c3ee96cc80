// The two ends of a share: seal a snapshot for upload, and open a link back into a validated snapshot.
import { openJson, parseKeyText, sealJson, type SealedEnvelope } from './envelope.ts';
import { fetchShare } from './share-client.ts';
import { SNAPSHOT_LIMITS, type ShareSnapshot } from './snapshot.ts';
import { parseSnapshot } from './validate-snapshot.ts';

export function sealSnapshot(snapshot: ShareSnapshot): Promise<SealedEnvelope> {
  return sealJson(JSON.stringify(snapshot));
}

/** Decrypts and validates stored bytes. */
export async function openEnvelope(envelope: Uint8Array, keyText: string): Promise<ShareSnapshot> {
  return parseSnapshot(await openJson(envelope, keyText, SNAPSHOT_LIMITS.maxJsonBytes));
}

/** Fetches, decrypts and validates the share a link names. The key is checked before any request is made. */
export async function openSharedLink(
  id: string,
  keyText: string,
  base = '',
): Promise<{ snapshot: ShareSnapshot; expiresAt: number | null }> {
  parseKeyText(keyText);
  const fetched = await fetchShare(id, base);
  return { snapshot: await openEnvelope(fetched.bytes, keyText), expiresAt: fetched.expiresAt };
}

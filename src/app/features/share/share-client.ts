// Talks to the share API (server/share-api.ts) and keeps delete tokens in this browser's localStorage.
// Only ciphertext is sent; the key never leaves the link's fragment.
import { ShareError } from './share-error.ts';

export interface CreatedShare {
  id: string;
  deleteToken: string;
  /** ms since the epoch. */
  expiresAt: number;
}

const SHARE_ID = /^[A-Za-z0-9_-]{22}$/;

export function isShareId(id: string): boolean {
  return SHARE_ID.test(id);
}

async function errorFor(response: Response, what: string): Promise<ShareError> {
  let detail = '';
  let state = '';
  try {
    const body = (await response.json()) as { error?: unknown; state?: unknown };
    if (typeof body.error === 'string') detail = body.error.slice(0, 200);
    if (typeof body.state === 'string') state = body.state;
  } catch {
    /* not JSON */
  }
  switch (response.status) {
    case 404:
      return new ShareError('NOT_FOUND', 'This shared analysis does not exist (check that the link was copied whole).');
    case 410:
      return state === 'deleted'
        ? new ShareError('DELETED', 'This shared analysis was deleted by the person who shared it.')
        : new ShareError('EXPIRED', 'This shared analysis has expired.');
    case 413:
      return new ShareError('TOO_LARGE', 'The snapshot is larger than the server accepts (25 MB); share less (fewer rows or nodes).');
    case 429: {
      const retry = response.headers.get('Retry-After');
      // The server says which limit (uploads a minute, bytes a day, reads, downloads at once).
      const which = detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : 'Too many shares from this address';
      return new ShareError('RATE_LIMITED', `${which}; try again${retry ? ` in ${retry} s` : ' later'}.`);
    }
    case 400:
      return new ShareError('BAD_LINK', 'This link is malformed (was it cut off when copied?).');
    default:
      return new ShareError('SERVER', `Could not ${what}: the server answered ${response.status}${detail ? ` (${detail})` : ''}.`);
  }
}

async function send(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    throw new ShareError('NETWORK', `Could not ${what}: the share server is unreachable.`);
  }
}

export async function uploadShare(ciphertext: Uint8Array, base = ''): Promise<CreatedShare> {
  const response = await send(
    `${base}/api/shares`,
    { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: ciphertext as Uint8Array<ArrayBuffer> },
    'upload the share',
  );
  if (!response.ok) throw await errorFor(response, 'upload the share');
  const body = (await response.json()) as Partial<CreatedShare>;
  if (typeof body.id !== 'string' || typeof body.deleteToken !== 'string' || typeof body.expiresAt !== 'number') {
    throw new ShareError('SERVER', 'The share server gave an unexpected answer.');
  }
  return { id: body.id, deleteToken: body.deleteToken, expiresAt: body.expiresAt };
}

export interface FetchedShare {
  bytes: Uint8Array;
  /** ms since the epoch, when the server says. */
  expiresAt: number | null;
}

export async function fetchShare(id: string, base = ''): Promise<FetchedShare> {
  if (!isShareId(id)) throw new ShareError('BAD_LINK', 'This link is malformed: its share id is incomplete (was it cut off when copied?).');
  const response = await send(`${base}/api/shares/${id}`, { cache: 'no-store' }, 'open the share');
  if (!response.ok) throw await errorFor(response, 'open the share');
  const expires = Number(response.headers.get('X-Share-Expires-At'));
  return { bytes: new Uint8Array(await response.arrayBuffer()), expiresAt: Number.isFinite(expires) && expires > 0 ? expires : null };
}

export async function deleteShare(id: string, deleteToken: string, base = ''): Promise<void> {
  const response = await send(
    `${base}/api/shares/${id}`,
    { method: 'DELETE', headers: { Authorization: `Bearer ${deleteToken}` } },
    'delete the share',
  );
  if (!response.ok && response.status !== 410) throw await errorFor(response, 'delete the share');
}

const TOKENS_KEY = 'heapdrop.shareTokens';

interface StoredToken {
  deleteToken: string;
  expiresAt: number;
  /** The title as shared (masked when the share masked names). */
  title?: string;
  /** Set on entries whose title is the shared one. Entries written before it kept the unredacted title (often the
   *  dump's file name, even for a share that masked names): their title is erased when read. */
  titleAsShared?: true;
  createdAt?: number;
}

export interface RememberedShare {
  id: string;
  title: string;
  createdAt: number | null;
  expiresAt: number;
}

function readTokens(): Record<string, StoredToken> {
  let tokens: Record<string, StoredToken>;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? '{}');
    tokens = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, StoredToken>) : {};
  } catch {
    return {};
  }
  let erased = false;
  for (const t of Object.values(tokens)) {
    if (t && typeof t === 'object' && t.title !== undefined && t.titleAsShared !== true) {
      delete t.title;
      erased = true;
    }
  }
  if (erased) writeTokens(tokens);
  return tokens;
}

function writeTokens(tokens: Record<string, StoredToken>): void {
  try {
    localStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  } catch {
    /* storage full or disabled: the share still works, it just cannot be deleted from another visit */
  }
}

/** Remembers a delete token with the title as shared (pass the redacted snapshot's); expired entries are dropped. */
export function rememberDeleteToken(share: CreatedShare, sharedTitle = '', now = Date.now()): void {
  const tokens = Object.fromEntries(Object.entries(readTokens()).filter(([, t]) => t.expiresAt > now));
  tokens[share.id] = {
    deleteToken: share.deleteToken,
    expiresAt: share.expiresAt,
    title: sharedTitle.slice(0, 200),
    titleAsShared: true,
    createdAt: now,
  };
  writeTokens(tokens);
}

export function deleteTokenFor(id: string): string | null {
  const t = readTokens()[id];
  return t && typeof t.deleteToken === 'string' ? t.deleteToken : null;
}

/** Shares made from this browser that have not expired, newest first (no keys: links are not kept). */
export function rememberedShares(now = Date.now()): RememberedShare[] {
  return Object.entries(readTokens())
    .filter(([id, t]) => isShareId(id) && typeof t?.expiresAt === 'number' && t.expiresAt > now)
    .map(([id, t]) => ({
      id,
      title: typeof t.title === 'string' ? t.title : '',
      createdAt: typeof t.createdAt === 'number' ? t.createdAt : null,
      expiresAt: t.expiresAt,
    }))
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
}

export function forgetDeleteToken(id: string): void {
  const tokens = readTokens();
  delete tokens[id];
  writeTokens(tokens);
}

/** `pageUrl` is the app's address without a fragment (e.g. `https://heapdrop.example/`). */
export function shareLink(pageUrl: string, id: string, keyText: string): string {
  const base = pageUrl.split('#')[0];
  return `${base.endsWith('/') ? base : base + '/'}#/s/${id}/${keyText}`;
}

// Read-only viewer for a shared link `#/s/<id>/<key>[/<view>]`: fetch, decrypt, validate, then install a
// snapshot-backed engine and hand over to the app's views, which stay under the link's prefix (the app shows our
// banner above them). Every failure has its own message; the page is never blank.
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store.ts';
import { openSharedLink } from './open-share.ts';
import { isShareOpen, landingHash, markSharedEngine } from './open-shares.ts';
import { parseRoute } from '../../routes.ts';
import { isShareError, type ShareErrorCode } from './share-error.ts';
import { bannerText } from './banner.ts';
import { snapshotEngine } from './snapshot-engine.ts';
import './share.css';

export interface SharedRouteProps {
  /** Share id from the hash route. */
  id: string;
  /** base64url AES key from the hash route ('' when the link was cut before it). */
  keyText: string;
}

const HEADLINES: Record<ShareErrorCode, string> = {
  BAD_LINK: 'This link is incomplete',
  NOT_FOUND: 'Shared analysis not found',
  EXPIRED: 'This shared analysis has expired',
  DELETED: 'This shared analysis was deleted',
  WRONG_KEY: 'The key in this link is wrong',
  TAMPERED: 'This shared analysis was altered or corrupted',
  NEWER_VERSION: 'Made by a newer heapdrop',
  INVALID: 'This shared analysis cannot be read',
  TOO_LARGE: 'This shared analysis is too large',
  RATE_LIMITED: 'Too many requests',
  NETWORK: 'The share server is unreachable',
  SERVER: 'The share server had a problem',
};

const ADVICE: Partial<Record<ShareErrorCode, string>> = {
  BAD_LINK: 'Links are long; ask for the link again and copy it whole, including everything after the #.',
  NOT_FOUND: 'Check that the link was copied whole, or ask for a new link.',
  EXPIRED: 'Shared analyses are kept for a limited time. Ask for a new link.',
  DELETED: 'The person who shared it removed it. Ask them for a new link if you still need it.',
  WRONG_KEY: 'The part after the last / was changed. Ask for the link again and copy it whole.',
  TAMPERED: 'The stored data does not match what was encrypted, so nothing is shown. Ask for a new link.',
  NEWER_VERSION: 'Update heapdrop (or open the link on the server that made it) to view it.',
  NETWORK: 'Check your connection and reload the page.',
};

type State = { kind: 'loading' } | { kind: 'error'; code: ShareErrorCode | 'INTERNAL'; headline: string; message: string; advice?: string };

export function SharedRoute({ id, keyText }: SharedRouteProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    // Already open (its summary is loading): nothing to fetch.
    if (isShareOpen({ id, key: keyText }, useAppStore.getState().engine)) return;
    openSharedLink(id, keyText).then(
      ({ snapshot, expiresAt }) => {
        if (!live) return;
        const engine = snapshotEngine(snapshot);
        // Marked before installing, so the app's first render with this engine already knows its link.
        markSharedEngine(engine, { id, key: keyText }, snapshot.object?.row.address);
        useAppStore.getState().openEngine(engine, { readOnly: true, banner: bannerText(snapshot, expiresAt) });
        // The bare link opens where the sharer was (a link that names its own view keeps it).
        const landing = landingHash({ id, key: keyText }, snapshot);
        const route = parseRoute(location.hash);
        if (landing !== null && route.kind === 'view' && route.view === 'overview' && !/\/overview/.test(location.hash))
          location.replace(landing);
      },
      (e: unknown) => {
        if (!live) return;
        if (isShareError(e)) {
          setState({ kind: 'error', code: e.code, headline: HEADLINES[e.code], message: e.message, advice: ADVICE[e.code] });
        } else {
          setState({
            kind: 'error',
            code: 'INTERNAL',
            headline: 'Could not open this shared analysis',
            message: e instanceof Error ? e.message : String(e),
          });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [id, keyText]);

  if (state.kind === 'loading') {
    return (
      <div className="share-viewer-state" role="status" data-testid="share-loading">
        <h2>Opening shared analysis…</h2>
        <p className="dim">Downloading and decrypting in this tab. The key in the link never reaches the server.</p>
      </div>
    );
  }
  return (
    <div className="share-viewer-state error" role="alert" data-testid="share-error" data-code={state.code}>
      <h2>{state.headline}</h2>
      <p data-testid="share-error-message">{capitalize(state.message)}</p>
      {state.advice && <p className="dim">{state.advice}</p>}
      <p>
        <a href="#/">Open a heap dump instead</a>
      </p>
    </div>
  );
}

function capitalize(s: string): string {
  return s.length > 0 ? s[0].toUpperCase() + s.slice(1) : s;
}

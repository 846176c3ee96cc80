// The dialog after upload: the link with a copy button, size and expiry, and "Delete this share".
import type { RefObject } from 'react';
import { formatBytes } from '../../format.ts';
import { formatDate } from './share-text.ts';

export type Created = { id: string; link: string; expiresAt: number; uploadBytes: number; deleteToken: string };
export type DoneState = { kind: 'done'; created: Created; deleted: 'no' | 'deleting' | 'yes'; deleteError?: string };

export function Done(props: {
  phase: DoneState;
  linkRef: RefObject<HTMLInputElement | null>;
  copied: boolean;
  onCopy: () => void;
  onDelete: () => void;
}) {
  const { created, deleted, deleteError } = props.phase;
  if (deleted === 'yes') {
    return (
      <div className="share-section" data-testid="share-deleted">
        <p>
          <b>The share was deleted.</b> The link no longer opens; anyone who follows it is told it was deleted.
        </p>
      </div>
    );
  }
  return (
    <div className="share-section" data-testid="share-done">
      <label className="share-row">
        <span>Link</span>
        <input
          ref={props.linkRef}
          className="input mono share-link"
          readOnly
          value={created.link}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="share-link"
        />
        <button type="button" className="btn primary" onClick={props.onCopy} data-testid="share-copy">
          {props.copied ? 'Copied' : 'Copy'}
        </button>
      </label>
      <p className="dim">
        {formatBytes(created.uploadBytes)} of ciphertext stored, until {formatDate(created.expiresAt)}. Anyone with the link can open it;
        the server cannot.
      </p>
      <p>
        <button type="button" className="btn danger" disabled={deleted === 'deleting'} onClick={props.onDelete} data-testid="share-delete">
          {deleted === 'deleting' ? 'Deleting…' : 'Delete this share'}
        </button>
      </p>
      {deleteError && (
        <p className="share-error" role="alert">
          {deleteError}
        </p>
      )}
    </div>
  );
}

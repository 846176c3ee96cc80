// The shares made from this browser (their delete tokens are kept in localStorage), each with a Delete button.
import { dumpText } from '../../object-text.ts';
import { useState } from 'react';
import { deleteShare, deleteTokenFor, forgetDeleteToken, rememberedShares } from './share-client.ts';
import { formatDate, message } from './share-text.ts';

/** Shares made from this browser (their delete tokens are in localStorage), each with a Delete button. */
export function EarlierShares() {
  const [list, setList] = useState(() => rememberedShares());
  const [error, setError] = useState<string | null>(null);
  if (list.length === 0) return null;
  const remove = async (id: string) => {
    setError(null);
    const token = deleteTokenFor(id);
    try {
      if (token) await deleteShare(id, token);
      forgetDeleteToken(id);
      setList(rememberedShares());
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <details className="share-section share-earlier" data-testid="share-earlier">
      <summary>Your earlier shares from this browser ({list.length})</summary>
      <ul>
        {list.map((s) => (
          <li key={s.id}>
            <span>
              <bdi>{dumpText(s.title) || s.id}</bdi>
              <span className="dim">
                {s.createdAt ? ` · shared ${formatDate(s.createdAt)}` : ''} · expires {formatDate(s.expiresAt)}
              </span>
            </span>
            <button type="button" className="btn danger" onClick={() => void remove(s.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="share-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}

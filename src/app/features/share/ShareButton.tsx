// Header button that opens the share dialog for the current (worker-backed) analysis.
import { useState } from 'react';
import { useAppStore } from '../../store.ts';
import { ShareDialog } from './ShareDialog.tsx';
import './share.css';

export function ShareButton() {
  const engine = useAppStore((s) => s.engine);
  const [open, setOpen] = useState(false);
  if (!engine || engine.readOnly) return null;
  return (
    <>
      <button
        type="button"
        className="btn"
        data-testid="share-button"
        onClick={() => setOpen(true)}
        title="Share an encrypted link to these results"
      >
        Share…
      </button>
      {open && <ShareDialog engine={engine} onClose={() => setOpen(false)} />}
    </>
  );
}

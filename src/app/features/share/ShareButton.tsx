// Header button that opens the share dialog (minimal placeholder while the dialog is being built).
import { useState } from 'react';

export function ShareButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" data-testid="share-button" onClick={() => setOpen(true)}>
        Share
      </button>
      {open && (
        <div role="dialog" aria-label="Share analysis">
          <p>Sharing is not available yet.</p>
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      )}
    </>
  );
}

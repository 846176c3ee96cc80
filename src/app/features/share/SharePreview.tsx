// The dialog's preview: item counts and byte cost per part, the upload size, and the snapshot JSON itself.
import { formatBytes, formatCount } from '../../format.ts';
import type { previewSnapshot } from './preview.ts';

const PREVIEW_CHARS = 20_000;

/** Saves the plaintext snapshot locally: the complete preview, and a way to hand it over without any server. */
function downloadJson(json: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'heapdrop-share-snapshot.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Preview(props: {
  preview: ReturnType<typeof previewSnapshot> | null;
  collectError: string | null;
  gzipBytes: number | null;
  uploadBytes: number | null;
  /** The parts still being gathered (collect-snapshot.ts). */
  gathering?: string[];
}) {
  const { preview, collectError, uploadBytes } = props;
  if (collectError) {
    return (
      <p className="share-error" role="alert">
        Could not gather the data to share: {collectError}
      </p>
    );
  }
  const pending = props.gathering ?? [];
  if (!preview) {
    return (
      <p className="dim share-section" role="status" data-testid="share-gathering">
        Gathering what will be shared{pending.length > 0 ? `: ${pending.join(', ')}` : ''}…
      </p>
    );
  }
  return (
    <section className="share-section" aria-label="Preview" data-testid="share-preview">
      <h3>Preview of what will be uploaded</h3>
      <table className="share-preview">
        <thead>
          <tr>
            <th>Part</th>
            <th className="num">Items</th>
            <th className="num">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.part} data-testid={`share-preview-${r.part}`}>
              <td>{r.label}</td>
              <td className="num">{formatCount(r.items)}</td>
              <td className="num">{formatBytes(r.jsonBytes)}</td>
            </tr>
          ))}
          {preview.rows.length === 0 && (
            <tr>
              <td colSpan={3} className="dim">
                Nothing chosen yet.
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <td>Snapshot (JSON) → compressed and encrypted upload</td>
            <td />
            <td className="num" data-testid="share-upload-bytes">
              {formatBytes(preview.jsonBytes)} → {uploadBytes === null ? '…' : formatBytes(uploadBytes)}
            </td>
          </tr>
        </tfoot>
      </table>
      <details className="share-json">
        <summary>Show the snapshot exactly as it will be encrypted</summary>
        <p>
          <button type="button" className="linkish" onClick={() => downloadJson(preview.json)} data-testid="share-download-json">
            Download it whole ({formatBytes(preview.jsonBytes)} of JSON)
          </button>
        </p>
        <pre data-testid="share-json">
          {preview.json.length > PREVIEW_CHARS
            ? `${preview.json.slice(0, PREVIEW_CHARS)}… (${formatCount(preview.json.length - PREVIEW_CHARS)} more characters)`
            : preview.json}
        </pre>
      </details>
    </section>
  );
}

// The share dialog: choose what goes in, see exactly what will be uploaded (counts, bytes, the JSON itself),
// then encrypt in the browser and upload only ciphertext. The link carries the key in its fragment.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Engine } from '../../engine.ts';
import { formatBytes, formatCount } from '../../format.ts';
import { SHARED_VIEWS, type SharedView } from './snapshot.ts';
import { useAppStore } from '../../store.ts';
import { collectSnapshot, DEFAULT_CHOICES, type ShareChoices } from './collect-snapshot.ts';
import { ENVELOPE_OVERHEAD_BYTES, gzip } from './envelope.ts';
import { sealSnapshot } from './open-share.ts';
import { previewSnapshot } from './preview.ts';
import { DEFAULT_REDACTION, redactSnapshot, type RedactionOptions } from './redact.ts';
import { EarlierShares } from './EarlierShares.tsx';
import { deleteShare, forgetDeleteToken, rememberDeleteToken, shareLink, uploadShare } from './share-client.ts';
import { Done, type Created, type DoneState } from './ShareDone.tsx';
import { Preview } from './SharePreview.tsx';
import { message } from './share-text.ts';
import { SNAPSHOT_LIMITS, type ShareSnapshot } from './snapshot.ts';

type Phase = { kind: 'choose' } | { kind: 'uploading' } | DoneState;

/** The index of the object the inspector shows, when the route is an object. */
function useViewedObject(engine: Engine): { index: number; address: string } | null {
  const route = useAppStore((s) => s.route);
  const address = route.kind === 'object' ? route.address : null;
  const [found, setFound] = useState<{ index: number; address: string } | null>(null);
  useEffect(() => {
    setFound(null);
    if (!address) return;
    let live = true;
    engine.findObject(address).then(
      (index) => live && setFound(index === null ? null : { index, address }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [engine, address]);
  return found;
}

/** The view the sharer is on, as a link can open it (a view a share cannot show opens the overview). */
function useSharedView(): SharedView | undefined {
  const route = useAppStore((s) => s.route);
  if (route.kind === 'object') return 'object';
  if (route.kind !== 'view') return undefined;
  return SHARED_VIEWS.find((v) => v === route.view);
}

export function ShareDialog({ engine, onClose }: { engine: Engine; onClose: () => void }) {
  const viewed = useViewedObject(engine);
  const view = useSharedView();
  const [title, setTitle] = useState(engine.title);
  const [summary, setSummary] = useState(DEFAULT_CHOICES.summary);
  const [histogramOn, setHistogramOn] = useState(true);
  const [histogramTop, setHistogramTop] = useState(DEFAULT_CHOICES.histogramTop);
  const [dominatorsOn, setDominatorsOn] = useState(true);
  const [depth, setDepth] = useState(DEFAULT_CHOICES.dominators!.depth);
  const [maxNodes, setMaxNodes] = useState(DEFAULT_CHOICES.dominators!.maxNodes);
  const [treemapOn, setTreemapOn] = useState(true);
  const [treemapDepth, setTreemapDepth] = useState(DEFAULT_CHOICES.treemap!.depth);
  const [objectOn, setObjectOn] = useState(true);
  const [suspectsOn, setSuspectsOn] = useState(DEFAULT_CHOICES.suspects);
  // The suspects come from a long pass: included once it is done (asked for here in case no view has yet), so
  // that gathering never waits for it; the gather runs again when it ends.
  const suspectsPass = useAppStore((s) => s.passes.leakSuspects);
  const suspectsReady = engine.readOnly || suspectsPass?.status === 'done';
  useEffect(() => {
    if (suspectsOn && !engine.readOnly) engine.leakSuspects().catch(() => undefined);
  }, [engine, suspectsOn]);
  // The collections report is a long pass too (it reads each collection from the dump), treated the same way; after
  // a reload without the dump it cannot run, and the dialog says so.
  const [collectionsOn, setCollectionsOn] = useState(DEFAULT_CHOICES.collections ?? false);
  const collectionsPass = useAppStore((s) => s.passes.collections);
  const collectionsReady = collectionsPass?.status === 'done';
  const [collectionsError, setCollectionsError] = useState<string | null>(null);
  useEffect(() => {
    if (collectionsOn && !engine.readOnly)
      engine.collections().then(
        () => setCollectionsError(null),
        (e: unknown) => setCollectionsError(e instanceof Error ? e.message : String(e)),
      );
  }, [engine, collectionsOn]);
  const [gathering, setGathering] = useState<string[]>([]);
  const [threadsOn, setThreadsOn] = useState(DEFAULT_CHOICES.threads ?? false);
  const [redaction, setRedaction] = useState<RedactionOptions>(DEFAULT_REDACTION);
  const [raw, setRaw] = useState<ShareSnapshot | null>(null);
  const [collectError, setCollectError] = useState<string | null>(null);
  const [gzipBytes, setGzipBytes] = useState<number | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const linkRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  // Move focus into the dialog so keyboard and screen-reader users start there (Escape closes it).
  useEffect(() => dialogRef.current?.focus(), []);

  const choices: ShareChoices = useMemo(
    () => ({
      title: title.trim() || engine.title,
      summary,
      histogramTop: histogramOn ? histogramTop : 0,
      dominators: dominatorsOn ? { depth, maxNodes } : null,
      treemap: treemapOn ? { depth: treemapDepth, maxNodes: DEFAULT_CHOICES.treemap!.maxNodes } : null,
      objectIndex: objectOn && viewed ? viewed.index : null,
      suspects: suspectsOn && suspectsReady,
      threads: threadsOn,
      collections: collectionsOn && collectionsReady && collectionsError === null,
      ...(view !== undefined ? { view } : {}),
    }),
    [
      view,
      title,
      engine.title,
      summary,
      histogramOn,
      histogramTop,
      dominatorsOn,
      depth,
      maxNodes,
      treemapOn,
      treemapDepth,
      objectOn,
      viewed,
      suspectsOn,
      suspectsReady,
      threadsOn,
      collectionsOn,
      collectionsReady,
      collectionsError,
    ],
  );

  // Gather from the engine whenever the choices change (redaction is applied afterwards, without a new gather).
  useEffect(() => {
    let live = true;
    setCollectError(null);
    const timer = setTimeout(() => {
      const gather = () => collectSnapshot(engine, choices, Date.now(), (pending) => live && setGathering(pending));
      (engine.passes ? engine.passes.holding(gather) : gather()).then(
        (s) => live && setRaw(s),
        (e: unknown) => live && setCollectError(message(e)),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, choices]);

  const snapshot = useMemo(() => (raw ? redactSnapshot(raw, redaction) : null), [raw, redaction]);
  const preview = useMemo(() => (snapshot ? previewSnapshot(snapshot) : null), [snapshot]);

  useEffect(() => {
    setGzipBytes(null);
    if (!preview) return;
    let live = true;
    gzip(new TextEncoder().encode(preview.json)).then((z) => live && setGzipBytes(z.length));
    return () => {
      live = false;
    };
  }, [preview]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const uploadBytes = gzipBytes === null ? null : gzipBytes + ENVELOPE_OVERHEAD_BYTES;
  const tooLarge = uploadBytes !== null && uploadBytes > SNAPSHOT_LIMITS.maxUploadBytes;
  const nothingChosen = preview !== null && preview.rows.length === 0;

  const create = async () => {
    if (!snapshot) return;
    setUploadError(null);
    setPhase({ kind: 'uploading' });
    try {
      const sealed = await sealSnapshot(snapshot);
      const share = await uploadShare(sealed.bytes);
      rememberDeleteToken(share, snapshot.title);
      const link = shareLink(location.href, share.id, sealed.keyText);
      setPhase({
        kind: 'done',
        deleted: 'no',
        created: { id: share.id, link, expiresAt: share.expiresAt, uploadBytes: sealed.bytes.length, deleteToken: share.deleteToken },
      });
    } catch (e) {
      setUploadError(message(e));
      setPhase({ kind: 'choose' });
    }
  };

  const copy = async (link: string) => {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // No clipboard permission (e.g. plain http on another host): select the text so Ctrl+C works.
      linkRef.current?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  };

  const remove = async (created: Created) => {
    setPhase({ kind: 'done', created, deleted: 'deleting' });
    try {
      await deleteShare(created.id, created.deleteToken);
      forgetDeleteToken(created.id);
      setPhase({ kind: 'done', created, deleted: 'yes' });
    } catch (e) {
      setPhase({ kind: 'done', created, deleted: 'no', deleteError: message(e) });
    }
  };

  return (
    <div className="share-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        tabIndex={-1}
        className="share-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        data-testid="share-dialog"
      >
        <div className="share-head">
          <h2 id="share-title">Share this analysis</h2>
          <button type="button" className="btn icon" aria-label="Close" onClick={onClose} data-testid="share-close">
            ×
          </button>
        </div>
        <p className="share-lead dim">
          The dump never leaves this tab. The parts you choose are encrypted here (AES-256-GCM); the server stores only ciphertext, and the
          key travels in the link after the <code>#</code>, which browsers never send.
        </p>

        {phase.kind === 'done' ? (
          <Done
            phase={phase}
            linkRef={linkRef}
            copied={copied}
            onCopy={() => void copy(phase.created.link)}
            onDelete={() => void remove(phase.created)}
          />
        ) : (
          <>
            <fieldset className="share-section">
              <legend>What to include</legend>
              <label className="share-row">
                <span>Title</span>
                <input
                  className="input"
                  value={title}
                  maxLength={SNAPSHOT_LIMITS.maxTitleChars}
                  onChange={(e) => setTitle(e.target.value)}
                  data-testid="share-title"
                />
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={summary}
                  onChange={(e) => setSummary(e.target.checked)}
                  data-testid="share-include-summary"
                />{' '}
                Summary (object counts, heap size, GC roots)
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={histogramOn}
                  onChange={(e) => setHistogramOn(e.target.checked)}
                  data-testid="share-include-histogram"
                />{' '}
                Class histogram, top{' '}
                <select
                  className="input"
                  value={histogramTop}
                  disabled={!histogramOn}
                  onChange={(e) => setHistogramTop(Number(e.target.value))}
                  aria-label="Histogram rows"
                >
                  <option value={100}>100</option>
                  <option value={1000}>1,000</option>
                  <option value={10000}>10,000</option>
                  <option value={Infinity}>all</option>
                </select>{' '}
                classes
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={suspectsOn}
                  onChange={(e) => setSuspectsOn(e.target.checked)}
                  data-testid="share-include-suspects"
                />{' '}
                Leak suspects (what alone retains more than 10% of the heap)
                {suspectsOn && !suspectsReady && (
                  <span className="dim" data-testid="share-suspects-pending">
                    {' '}
                    — still being computed
                    {suspectsPass?.status === 'running' && suspectsPass.step ? ` (${suspectsPass.step})` : ''}: a link created now leaves
                    them out
                  </span>
                )}
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={collectionsOn}
                  onChange={(e) => setCollectionsOn(e.target.checked)}
                  data-testid="share-include-collections"
                />{' '}
                Collections: possible memory waste (by class; the most wasteful named by address)
                {collectionsOn && collectionsError !== null && (
                  <span className="dim" data-testid="share-collections-unavailable">
                    {' '}
                    — not available ({collectionsError})
                  </span>
                )}
                {collectionsOn && collectionsError === null && !collectionsReady && (
                  <span className="dim" data-testid="share-collections-pending">
                    {' '}
                    — still being computed
                    {collectionsPass?.status === 'running' && collectionsPass.step ? ` (${collectionsPass.step})` : ''}: a link created now
                    leaves them out
                  </span>
                )}
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={threadsOn}
                  onChange={(e) => setThreadsOn(e.target.checked)}
                  data-testid="share-include-threads"
                />{' '}
                Thread stacks (each frame and what its locals hold; thread names count as values)
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={dominatorsOn}
                  onChange={(e) => setDominatorsOn(e.target.checked)}
                  data-testid="share-include-dominators"
                />{' '}
                Dominator tree to depth{' '}
                <select
                  className="input"
                  value={depth}
                  disabled={!dominatorsOn}
                  onChange={(e) => setDepth(Number(e.target.value))}
                  aria-label="Dominator tree depth"
                  data-testid="share-depth"
                >
                  {[1, 2, 3, 4, 6, 8, 12, 16].map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
                , largest{' '}
                <select
                  className="input"
                  value={maxNodes}
                  disabled={!dominatorsOn}
                  onChange={(e) => setMaxNodes(Number(e.target.value))}
                  aria-label="Dominator tree nodes"
                  data-testid="share-max-nodes"
                >
                  {[50, 300, 1000, 5000, 20000].map((n) => (
                    <option key={n} value={n}>
                      {formatCount(n)}
                    </option>
                  ))}
                </select>{' '}
                nodes
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={treemapOn}
                  onChange={(e) => setTreemapOn(e.target.checked)}
                  data-testid="share-include-treemap"
                />{' '}
                Treemap to depth{' '}
                <select
                  className="input"
                  value={treemapDepth}
                  disabled={!treemapOn}
                  onChange={(e) => setTreemapDepth(Number(e.target.value))}
                  aria-label="Treemap depth"
                >
                  {[2, 3, 4, 5, 6].map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
              </label>
              <label className={'share-check' + (viewed ? '' : ' disabled')}>
                <input
                  type="checkbox"
                  checked={objectOn && viewed !== null}
                  disabled={!viewed}
                  onChange={(e) => setObjectOn(e.target.checked)}
                  data-testid="share-include-object"
                />{' '}
                The object being viewed{' '}
                {viewed ? <code>{viewed.address}</code> : <span className="dim">(open an object in the inspector to include it)</span>}
              </label>
            </fieldset>

            <fieldset className="share-section">
              <legend>Redaction</legend>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={redaction.values}
                  onChange={(e) => setRedaction({ ...redaction, values: e.target.checked })}
                  data-testid="share-redact-values"
                />{' '}
                Remove field values and string contents (String values, thread names, labels)
              </label>
              <label className="share-check">
                <input
                  type="checkbox"
                  checked={redaction.classNames}
                  onChange={(e) => setRedaction({ ...redaction, classNames: e.target.checked })}
                  data-testid="share-mask-classes"
                />{' '}
                Mask application class and package names (<code>com.acme.Invoice</code> → <code>app1.Class7</code>; JDK names are kept)
              </label>
              {!redaction.values && <p className="share-warn">Field values and strings can hold passwords, tokens and personal data.</p>}
            </fieldset>

            <Preview preview={preview} collectError={collectError} gzipBytes={gzipBytes} uploadBytes={uploadBytes} gathering={gathering} />

            {uploadError && (
              <p className="share-error" role="alert" data-testid="share-upload-error">
                {uploadError}
              </p>
            )}
            {tooLarge && (
              <p className="share-error" role="alert">
                This is over the server's {formatBytes(SNAPSHOT_LIMITS.maxUploadBytes)} limit: include fewer rows or nodes.
              </p>
            )}
            <EarlierShares />
            <div className="share-actions">
              <button type="button" className="btn" onClick={onClose}>
                Cancel
              </button>
              <button
                type="button"
                className="btn primary"
                disabled={!snapshot || uploadBytes === null || tooLarge || nothingChosen || phase.kind === 'uploading'}
                onClick={() => void create()}
                data-testid="share-create"
              >
                {phase.kind === 'uploading'
                  ? 'Encrypting and uploading…'
                  : `Create link${uploadBytes !== null ? ` (${formatBytes(uploadBytes)})` : ''}`}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

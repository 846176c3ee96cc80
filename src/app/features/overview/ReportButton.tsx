// "Download report": the analysis as one self-contained HTML file, built by the core's report builder from the
// engine's queries (the same page `heapdrop report` writes). Made in the tab; nothing is uploaded.
import { useState } from 'react';
import { buildHtmlReport, gatherReport } from '../../../core/report/html-report.ts';
import { downloadText } from '../../components/download.ts';
import { useEngine } from '../../components/use-engine.ts';

/** The report's file name: the dump's without its extensions. */
export function reportFileName(title: string): string {
  const base = title
    .replace(/\.hprof(\.gz)?$|\.gz$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return `${base || 'heap'}.report.html`;
}

export function ReportButton({ title }: { title: string }) {
  const engine = useEngine();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const make = async () => {
    if (!engine) return;
    setBusy(true);
    setError(null);
    try {
      const html = buildHtmlReport(await gatherReport(engine, title));
      downloadText(reportFileName(title), html, 'text/html');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="report-button">
      <button
        type="button"
        className="btn"
        onClick={() => void make()}
        disabled={!engine || busy}
        data-testid="download-report"
        title="One HTML file: summary, leak suspects, top components, duplicate strings, top classes"
      >
        {busy ? 'Making the report…' : 'Download report'}
      </button>
      {error && <span className="error-inline"> {error}</span>}
    </span>
  );
}

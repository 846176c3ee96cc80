// The app shell: hash routing, the header with view tabs, the drop zone, banners, and the current view.
import { dumpText } from './object-text.ts';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { isShareOpen, ShareButton, SharedRoute, sharedObjectAddress } from './features/share/index.ts';
import { DiffView } from './features/diff/DiffView.tsx';
import { DominatorsView } from './features/dominators/DominatorsView.tsx';
import { HistogramView } from './features/histogram/HistogramView.tsx';
import { InspectorView } from './features/inspector/InspectorView.tsx';
import { Landing } from './features/landing/Landing.tsx';
import { OverviewView } from './features/overview/OverviewView.tsx';
import { TreemapView } from './features/treemap/TreemapView.tsx';
import { ThreadsView } from './features/threads/ThreadsView.tsx';
import { GcRootsView } from './features/roots/GcRootsView.tsx';
import { CollectionsView } from './features/collections/CollectionsView.tsx';
import { RetainedSetView } from './features/retained/RetainedSetView.tsx';
import { UnreachableView } from './features/retained/UnreachableView.tsx';
import { CommandPalette } from './components/CommandPalette.tsx';
import { FindObject } from './components/FindObject.tsx';
import { DumpSwitcher } from './components/DumpSwitcher.tsx';
import { MiddleEllipsis } from './components/MiddleEllipsis.tsx';
import { ThemeToggle } from './components/ThemeToggle.tsx';
import { formatBytes, formatCount } from './format.ts';
import { objectHash, parseRoute, routeShare, viewHash, type Route, type ViewName } from './routes.ts';
import { analyzeFile, canReanalyze, reanalyzeKeepingUnreachable, restoreAfterReload } from './session.ts';
import { servedEngineBase } from './remote-engine.ts';
import { useAppStore } from './store.ts';

const TABS: [ViewName, string][] = [
  ['overview', 'Overview'],
  ['histogram', 'Histogram'],
  ['dominators', 'Dominator tree'],
  ['treemap', 'Treemap'],
  ['threads', 'Threads'],
  ['roots', 'GC roots'],
  ['collections', 'Collections'],
  ['diff', 'Diff'],
];
/** Shorter tab labels, so the tabs fit a 1280-pixel header beside the file's name (full name as tooltip). */
const TAB_SHORT: Partial<Record<ViewName, string>> = { dominators: 'Dominators', roots: 'Roots' };

declare global {
  interface Window {
    /** Test hook: idle when no analysis runs and finished results have their summary; runs counts analyses started;
     *  passes names the engine's long passes running now. */
    __heapdrop?: { idle: boolean; runs: number; saved?: string | null; passes: string[]; steps: Record<string, number> | null };
  }
}

function useHashRoute(): Route {
  const route = useAppStore((s) => s.route);
  useEffect(() => {
    const onHash = () => useAppStore.getState().setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function App() {
  const route = useHashRoute();
  const engine = useAppStore((s) => s.engine);
  const summary = useAppStore((s) => s.summary);
  const running = useAppStore((s) => s.running);
  const banner = useAppStore((s) => s.banner);
  const sharedObject = sharedObjectAddress(engine);
  const failure = useAppStore((s) => s.failure);
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  // Idle: no analysis running and, when an engine is installed, its summary loaded (the results are on screen).
  const idle = !running && (engine === null || summary !== null);
  const runs = useAppStore((s) => s.runs);
  const saved = useAppStore((s) => s.saved?.key ?? null);
  const passStates = useAppStore((s) => s.passes);
  const steps = useAppStore((s) => s.lastSteps);
  useEffect(() => {
    const passes = Object.values(passStates)
      .filter((p) => p.status === 'running')
      .map((p) => p.query);
    window.__heapdrop = { idle, runs, saved, passes, steps };
  }, [idle, runs, saved, passStates, steps]);

  // A reload reopens the analysis this tab showed, from the browser's storage (not on a shared link's page).
  useEffect(() => {
    if (
      servedEngineBase() === null &&
      routeShare(useAppStore.getState().route) === null &&
      useAppStore.getState().route.kind !== 'incomplete-share'
    )
      restoreAfterReload();
  }, []);

  // After a dump is analysed on the home route, go to the overview. A route from a reload stays (it is likely the
  // same dump); after a second dump, object and zoom routes of the first one would point nowhere.
  const analysedBefore = useRef(false);
  useEffect(() => {
    if (!engine || !summary || engine.readOnly) return;
    const current = useAppStore.getState().route;
    if (current.kind === 'home' || (analysedBefore.current && (current.kind === 'object' || current.kind === 'unknown'))) {
      location.hash = viewHash('overview');
    } else if (analysedBefore.current && current.kind === 'view' && Object.keys(current.params).length > 0) {
      location.hash = viewHash(current.view);
    }
    analysedBefore.current = true;
  }, [engine, summary]);

  useEffect(() => {
    document.title = engine ? `${dumpText(engine.title)} — heapdrop` : 'heapdrop — Java heap dump analyzer';
  }, [engine]);

  const openFile = (file: File | undefined) => {
    if (!file) return;
    // A dump opened from a shared link's page leaves the link: its results go to the tab's own routes.
    if (routeShare(useAppStore.getState().route)) location.hash = '#/';
    void analyzeFile(file);
  };
  const onDragEnter = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragLeave = () => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    openFile(e.dataTransfer.files[0]);
  };

  // A shared link's routes show its snapshot once opened; the tab's own routes never show a snapshot.
  const share = routeShare(route);
  const shareOpen = share !== null && isShareOpen(share, engine);
  const showResults = engine !== null && summary !== null && !running && (share ? shareOpen : !engine.readOnly);
  const openingShare = route.kind === 'incomplete-share' || (share !== null && !running && !showResults);
  const currentView = route.kind === 'view' ? route.view : null;

  return (
    <div
      className={'app' + (dragging ? ' dragging' : '') + (engine?.readOnly ? ' readonly' : '')}
      onDragEnter={onDragEnter}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <input
        ref={inputRef}
        type="file"
        data-testid="dump-input"
        accept=".hprof,.gz,.bin,application/octet-stream,application/gzip"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          openFile(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
      <header className="topbar">
        <a className="brand" href="#/">
          heap<b>drop</b>
        </a>
        {showResults && (
          <>
            <nav className="tabs" aria-label="Views">
              {TABS.filter(([view]) => view !== 'diff' || !engine.readOnly).map(([view, label]) => (
                <a
                  key={view}
                  href={viewHash(view)}
                  className={'tab' + (currentView === view ? ' active' : '')}
                  aria-current={currentView === view ? 'page' : undefined}
                  title={TAB_SHORT[view] ? label : undefined}
                  data-testid={`tab-${view}`}
                >
                  {TAB_SHORT[view] ?? label}
                </a>
              ))}
            </nav>
            <div className="topbar-right">
              <DumpSwitcher />
              <span className="file-title" data-testid="file-title">
                <MiddleEllipsis text={dumpText(engine.title)} />
                <span className="dim file-title-used"> · {formatBytes(summary.usedHeapBytes)} used</span>
              </span>
              <FindObject />
              <CommandPalette views={TABS} />
              {!engine.readOnly && <ShareButton />}
              {!engine.readOnly && (
                <button type="button" className="btn" onClick={() => inputRef.current?.click()}>
                  Open…
                </button>
              )}
            </div>
          </>
        )}
        <ThemeToggle />
      </header>
      {openingShare ? (
        <main className="main">
          {route.kind === 'incomplete-share' ? (
            <SharedRoute id={route.id} keyText="" />
          ) : (
            share && <SharedRoute id={share.id} keyText={share.key} />
          )}
        </main>
      ) : showResults ? (
        <>
          {failure && (
            <div
              className={'banner ' + (failure.code === 'CANCELLED' ? 'info' : 'warn')}
              role="alert"
              data-testid="open-failed"
              data-code={failure.code}
            >
              {failure.code === 'CANCELLED' ? 'Opening ' : 'Could not open '}
              {failure.fileName ?? 'the dump'}
              {failure.code === 'CANCELLED' ? ' was cancelled' : `: ${failure.message}`}. {engine.title} is open as it was.
            </div>
          )}
          {banner && (
            <div className="banner info" role="note" data-testid="readonly-banner">
              {banner}
              {sharedObject !== undefined && (
                <>
                  {' · '}
                  <a href={objectHash(sharedObject)} data-testid="banner-object">
                    the shared object @ {sharedObject}
                  </a>
                </>
              )}
            </div>
          )}
          {(summary.truncated || summary.warnings.length > 0) && (
            // Warnings are losses of data (the results may be incomplete); notes about a healthy dump are listed
            // with the overview's figures instead.
            <div className="banner warn" role="alert" data-testid="truncated-banner">
              {summary.damage ? (
                <b>
                  The dump is damaged at byte offset {formatCount(summary.damage.offset)}: these results cover what came before it;{' '}
                  {formatBytes(summary.damage.lostBytes)} ({formatCount(summary.damage.lostBytes)} bytes) after it could not be read.{' '}
                </b>
              ) : (
                summary.truncated && (
                  <b>The dump is truncated: these results cover only the {formatBytes(summary.bytesRead)} that could be read. </b>
                )
              )}
              {summary.warnings.slice(0, 3).join(' · ')}
              {summary.warnings.length > 3 && ` (+${summary.warnings.length - 3} more)`}
              {summary.truncated && !summary.keepUnreachable && summary.unreachable.objects > 0 && !engine.readOnly && canReanalyze() && (
                <div className="banner-action">
                  The GC roots are written at the end of a dump, so most of what was read is unreachable.{' '}
                  <button type="button" className="btn" onClick={reanalyzeKeepingUnreachable} data-testid="keep-unreachable">
                    Analyse again, keeping unreachable objects
                  </button>
                </div>
              )}
            </div>
          )}
          <main className="main" data-testid="analysis-ready">
            <Results route={route} />
          </main>
        </>
      ) : (
        <Landing onOpen={() => inputRef.current?.click()} route={route} />
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-message">Drop the heap dump to analyse it in this tab</div>
        </div>
      )}
    </div>
  );
}

export function Results({ route }: { route: Route }) {
  if (route.kind === 'object') return <InspectorView key={route.address} address={route.address} />;
  if (route.kind === 'view') {
    switch (route.view) {
      case 'overview':
        return <OverviewView params={route.params} />;
      case 'histogram':
        // The view keeps its filter in the URL with replaceState (no hashchange); a link with other parameters remounts it.
        return <HistogramView key={JSON.stringify(route.params)} params={route.params} />;
      case 'dominators':
        // A shared tree is a cut of the real one: its pages say what was left out (Page.omitted).
        return <DominatorsView params={route.params} />;
      case 'treemap':
        return <TreemapView params={route.params} />;
      case 'threads':
        return <ThreadsView />;
      case 'roots':
        return <GcRootsView key={route.params.type ?? ''} params={route.params} />;
      case 'collections':
        return <CollectionsView params={route.params} />;
      case 'diff':
        return <DiffView />;
      case 'retained':
        return <RetainedSetView key={route.params.sel ?? ''} params={route.params} />;
      case 'unreachable':
        return <UnreachableView />;
    }
  }
  return <OverviewView />;
}

// The landing page: drop zone, open button, sample, privacy note and how to take a dump; also where the
// progress bar and analysis failures appear.
import { adviceFor } from '../../advice.ts';
import { ProgressPanel } from '../../components/Progress.tsx';
import { FirstLookPanel } from '../histogram/FirstLookPanel.tsx';
import type { Route } from '../../routes.ts';
import { analyzeSample } from '../../session.ts';
import { SavedAnalyses } from './SavedAnalyses.tsx';
import { CopyCommand } from '../../components/CopyCommand.tsx';
import { useAppStore } from '../../store.ts';

export function Landing({ onOpen, route }: { onOpen: () => void; route: Route }) {
  const running = useAppStore((s) => s.running);
  const failure = useAppStore((s) => s.failure);
  const engine = useAppStore((s) => s.engine);
  const keepUnreachable = useAppStore((s) => s.keepUnreachable);
  const wantedView = route.kind === 'view' || route.kind === 'object';

  return (
    <main className="landing">
      <section className="landing-card">
        <h1>Find what holds the memory in a Java heap dump</h1>
        <p className="lead">
          Drop a <code>.hprof</code> or <code>.hprof.gz</code> anywhere in this window. You get the class histogram, the dominator tree with
          retained sizes, a treemap and an object inspector, in seconds.
        </p>
        <div className="landing-slot">
          {running ? (
            <ProgressPanel running={running} />
          ) : engine ? (
            <div className="progress-panel" role="status">
              Loading results…
            </div>
          ) : (
            <div className="drop-target" onClick={onOpen} role="presentation">
              <div className="drop-target-text">Drop a heap dump here</div>
              <div className="landing-actions">
                <button
                  type="button"
                  className="btn primary"
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen();
                  }}
                  data-testid="open-dump"
                >
                  Open heap dump
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={(e) => {
                    e.stopPropagation();
                    void analyzeSample();
                  }}
                  data-testid="try-sample"
                >
                  Try a sample
                </button>
              </div>
            </div>
          )}
        </div>
        {running?.firstLook && <FirstLookPanel look={running.firstLook} />}
        <label className="landing-option">
          <input
            type="checkbox"
            checked={keepUnreachable}
            onChange={(e) => useAppStore.getState().setKeepUnreachable(e.target.checked)}
            data-testid="keep-unreachable-option"
          />{' '}
          Keep unreachable objects <span className="dim">(garbage the next GC would free; as MAT's “keep unreachable objects”)</span>
        </label>
        {failure && !running && <FailurePanel code={failure.code} message={failure.message} fileName={failure.fileName} />}
        {wantedView && !running && !engine && !failure && (
          <p className="hint" role="note">
            This link points into an analysis. Analyses stay in the tab that made them: open the dump again to see it.
          </p>
        )}
        {!running && !engine && <SavedAnalyses />}
        <p className="privacy">
          <b>Your dump never leaves this browser.</b> It is read and analysed on your machine, in a background thread of this tab; nothing
          is uploaded. Heap dumps hold passwords, tokens and customer data: only the findings you choose to share are ever sent, encrypted,
          and only when you press Share.
        </p>
      </section>
      <section className="landing-howto">
        <h2>How to take a heap dump</h2>
        <dl>
          <dt>A running JVM (JDK 9+)</dt>
          <dd>
            <CopyCommand command="jcmd <pid> GC.heap_dump -gz=1 app.hprof.gz" />
          </dd>
          <dt>Inside a container</dt>
          <dd>
            <CopyCommand command="docker exec <container> jcmd 1 GC.heap_dump -gz=1 /tmp/app.hprof.gz" />
            <CopyCommand command="docker cp <container>:/tmp/app.hprof.gz ." />
          </dd>
          <dt>No JDK in the image (JRE-only, distroless), or from the container's host</dt>
          <dd>
            <CopyCommand command="heapdrop capture <pid> -o app.hprof.gz" />
            <CopyCommand command="heapdrop capture --container <name> -o app.hprof.gz" />
          </dd>
          <dt>A dump too big to copy, or too big for a tab</dt>
          <dd>
            <CopyCommand command="heapdrop serve app.hprof.gz" />
            <CopyCommand command="ssh -L <port>:127.0.0.1:<port> <server>" />
          </dd>
          <dt>Automatically on OutOfMemoryError</dt>
          <dd>
            <CopyCommand command="java -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/var/dumps/ -jar app.jar" />
          </dd>
          <dt>Older JDKs</dt>
          <dd>
            <CopyCommand command="jmap -dump:live,format=b,file=app.hprof <pid>" />
          </dd>
        </dl>
        <p className="dim">
          <code>jcmd</code> and <code>jmap</code> run a full GC first (only live objects are written); <code>-gz=1</code> compresses while
          writing, which makes the file 3–10× smaller. Find the pid with <code>jcmd -l</code>, or <code>heapdrop capture --list</code>,
          which speaks the JVM's attach protocol itself and needs no JDK. <code>heapdrop serve</code> analyses the dump where it lies and
          serves this app on 127.0.0.1, behind a URL with a random token, to open through the tunnel.
        </p>
      </section>
    </main>
  );
}

function FailurePanel({ code, message, fileName }: { code: string; message: string; fileName?: string }) {
  const advice = adviceFor(code);
  return (
    <div className={'failure' + (code === 'CANCELLED' ? ' neutral' : '')} role="alert" data-testid="analysis-error" data-code={code}>
      <div className="failure-title">{advice.title}</div>
      <div className="failure-message mono">
        {fileName ? `${fileName}: ` : ''}
        {message}
      </div>
      <p>{advice.advice}</p>
    </div>
  );
}

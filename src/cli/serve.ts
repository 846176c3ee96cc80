// `heapdrop serve <dump>`: analyses the dump in this process and serves the app on 127.0.0.1 with a token in the
// URL; the browser reads the analysis through the remote engine (server/serve.ts). For a dump that is too big to
// copy off a server, or too big for a browser tab: open the printed URL through `ssh -L`.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startServe, type RunningServe } from '../../server/serve.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { HeapAnalysis } from '../core/analysis.ts';
import { analyzeFile } from '../core/analysis.node.ts';
import type { ProgressCallback } from '../core/api.ts';
import { labelledQueries } from '../core/labelled-queries.ts';
import { progressBar } from './format.ts';
import { command, countOption, KEEP_UNREACHABLE, parseCommand, positionals, UsageError, valued } from './args.ts';

export const SERVE = command({
  name: 'serve',
  usage: 'heapdrop serve <dump> [--port N] [--host ADDRESS] [--data-dir DIR] [--keep-unreachable]',
  summary: 'analyse here and serve the app on 127.0.0.1 with a token in the URL (for ssh -L): a dump too big to move',
  options: {
    port: valued('N', 'the port to listen on (default: any free one)'),
    host: valued('ADDRESS', 'the address to listen on (default 127.0.0.1)'),
    'data-dir': valued('DIR', 'where shares made from the app are kept (default: a folder removed on exit)'),
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface ServeCommand {
  dump: string;
  port: number;
  host: string;
  dataDir: string | null;
  keepUnreachable: boolean;
}

export function parseServeArgs(args: string[]): ServeCommand {
  const { values, ...parsed } = parseCommand(SERVE, args);
  const [dump] = positionals(SERVE, parsed, 1);
  const port = countOption(SERVE, values.port, 0, 0, '--port takes a number up to 65535', 65535);
  return {
    dump: resolve(dump),
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? null,
    keepUnreachable: values['keep-unreachable'] === true,
  };
}

/** Analyses and serves; resolves with the running server (the CLI then waits for a signal). */
export async function serveDump(
  c: ServeCommand,
  err: Writable & { isTTY?: boolean; columns?: number } = process.stderr,
  distDir = DIST,
): Promise<RunningServe & { dataDir: string }> {
  let lastDraw = 0;
  const onProgress: ProgressCallback | undefined = err.isTTY
    ? (p) => {
        const now = Date.now();
        if (now - lastDraw < 100 && p.done < p.total) return;
        lastDraw = now;
        err.write(`\r${progressBar(p.phase, p.done, p.total, (err.columns || 80) - 1)}`);
      }
    : undefined;
  // Before minutes of analysis: the app must be there to serve.
  if (!existsSync(join(distDir, 'index.html')))
    throw new UsageError(`the app is not built (no ${join(distDir, 'index.html')}): run npm run build first`);
  const t0 = performance.now();
  let analysis: HeapAnalysis;
  try {
    analysis = await analyzeFile(c.dump, { keepUnreachable: c.keepUnreachable }, onProgress);
  } finally {
    if (onProgress) err.write('\r\x1b[K');
  }
  const seconds = (performance.now() - t0) / 1000;
  // Shares made from the served app are kept with it: in --data-dir, or in a folder removed when it stops.
  const dataDir = c.dataDir ?? mkdtempSync(join(tmpdir(), 'heapdrop-serve-'));
  const running = await startServe({
    methods: labelledQueries(() => analysis),
    title: basename(c.dump),
    distDir,
    storage: await openSqliteStorage(dataDir),
    port: c.port,
    host: c.host,
  });
  err.write(`analysed ${basename(c.dump)} in ${seconds.toFixed(1)} s\n`);
  const close = running.close;
  return {
    ...running,
    dataDir,
    async close() {
      await close();
      if (c.dataDir === null) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function runServe(
  args: string[],
  out: Writable = process.stdout,
  err: Writable & { isTTY?: boolean } = process.stderr,
): Promise<number> {
  const c = parseServeArgs(args);
  const running = await serveDump(c, err);
  const local = c.host === '127.0.0.1' || c.host === 'localhost' || c.host === '::1';
  out.write(`${running.url}\n`);
  err.write(
    local
      ? `open the URL above in a browser on this machine; from elsewhere: ssh -L ${new URL(running.origin).port}:127.0.0.1:${new URL(running.origin).port} <this host>, then open it there. Ctrl-C stops.\n`
      : `listening on ${c.host}: anyone who can reach it still needs the token in the URL. Ctrl-C stops.\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}

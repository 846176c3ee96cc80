// The Engine of an analysis that lives in a `heapdrop serve` process (server/serve.ts): every query is a
// `POST <base>/<query name>` with its arguments as a JSON array. The server names its queries (`GET <base>`), so a
// query added to the interface needs no edit here.
import type { Engine } from './engine.ts';

export interface ServedAnalysis {
  title: string;
  methods: string[];
}

/** The served engine's base path when this page was served by `heapdrop serve` (its index.html carries a meta tag). */
export function servedEngineBase(doc: Pick<Document, 'querySelector'> = document): string | null {
  return doc.querySelector('meta[name="heapdrop-engine"]')?.getAttribute('content') ?? null;
}

/** A query the server refused or failed; `code` is the core's error code when it had one. */
export class RemoteEngineError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RemoteEngineError';
  }
}

async function readJson(response: Response): Promise<Record<string, unknown> | null> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** What the server serves: the dump's title and its query names. */
export async function fetchServedAnalysis(base: string, fetchImpl: typeof fetch = fetch): Promise<ServedAnalysis> {
  const response = await fetchImpl(base, { credentials: 'same-origin' });
  const body = await readJson(response);
  if (!response.ok || body === null || typeof body.title !== 'string' || !Array.isArray(body.methods)) {
    throw new RemoteEngineError(`the heapdrop serve process answered ${response.status} (is it still running?)`, response.status);
  }
  return { title: body.title, methods: body.methods.filter((m): m is string => typeof m === 'string') };
}

export function remoteEngine(base: string, served: ServedAnalysis, fetchImpl: typeof fetch = fetch): Engine {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const trimmed = [...args];
    while (trimmed.length > 0 && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
    let response: Response;
    try {
      response = await fetchImpl(`${base}/${encodeURIComponent(method)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(trimmed),
      });
    } catch {
      throw new RemoteEngineError('the heapdrop serve process is unreachable (was it stopped?)', 0);
    }
    const body = await readJson(response);
    if (!response.ok || body === null) {
      const message = typeof body?.error === 'string' ? body.error : `the heapdrop serve process answered ${response.status}`;
      throw new RemoteEngineError(message, response.status, typeof body?.code === 'string' ? body.code : undefined);
    }
    return body.value;
  };
  const engine: Record<string, unknown> = { readOnly: false, title: served.title };
  for (const method of served.methods) engine[method] = (...args: unknown[]) => call(method, args);
  return engine as unknown as Engine;
}

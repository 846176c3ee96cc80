// The worker engine over a real Comlink channel (a MessageChannel standing in for the Worker): queries forwarded
// by name, typed failures keeping their code, and a worker that dies rejecting every pending and later call.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueryOutcome } from '../core/api.ts';
import { QueryError, watchWorker, workerEngine, WorkerStoppedError, type WorkerLike } from './engine.ts';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** A fake analysis worker: `summary` answers, `objectDetails` never does (as a worker that died mid-call). */
function fakeWorker(): { worker: WorkerLike & EventTarget; terminated: () => boolean; asked: string[] } {
  const channel = new MessageChannel();
  channels.push(channel);
  const asked: string[] = [];
  const api = {
    query: (name: string, args: unknown[]): Promise<QueryOutcome<unknown>> => {
      asked.push(`${name}(${JSON.stringify(args)})`);
      if (name === 'summary') return Promise.resolve({ ok: true, value: { objects: 42 } });
      if (name === 'leakSuspects')
        return Promise.resolve({ ok: false, error: { code: 'CANCELLED', message: 'Finding leak suspects cancelled' } });
      return new Promise(() => undefined);
    },
    cancelPass: () => true,
    watchPasses: () => undefined,
  };
  Comlink.expose(api, channel.port2 as unknown as Comlink.Endpoint);
  let terminated = false;
  const port = channel.port1 as unknown as WorkerLike & EventTarget;
  port.terminate = () => {
    terminated = true;
    channel.port1.close();
  };
  return { worker: port, terminated: () => terminated, asked };
}

describe('workerEngine', () => {
  it('forwards any query by name with its arguments', async () => {
    const { worker, asked } = fakeWorker();
    const engine = workerEngine(watchWorker(worker), 'x.hprof');
    expect(engine.title).toBe('x.hprof');
    expect(await engine.summary()).toEqual({ objects: 42 });
    void engine.dominatorChildren(-1, 0, 10);
    await engine.summary();
    expect(asked).toEqual(['summary([])', 'dominatorChildren([-1,0,10])', 'summary([])']);
  });

  it('rejects with the code the core gave (a cancelled long pass)', async () => {
    const engine = workerEngine(watchWorker(fakeWorker().worker), 'x');
    const e = await engine.leakSuspects().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QueryError);
    expect((e as QueryError).code).toBe('CANCELLED');
    expect((e as QueryError).message).toBe('Finding leak suspects cancelled');
  });

  it('rejects pending and later calls once the worker dies, and terminates it', async () => {
    const { worker, terminated } = fakeWorker();
    const engine = workerEngine(watchWorker(worker), 'x');
    const pending = engine.objectDetails(3);
    await engine.summary(); // the pending call has reached the worker
    const error = new Event('error') as Event & { message?: string };
    error.message = 'Uncaught RangeError: Array buffer allocation failed';
    worker.dispatchEvent(error);
    const e = await pending.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WorkerStoppedError);
    expect((e as Error).message).toBe('the analysis stopped: Uncaught RangeError: Array buffer allocation failed');
    expect(terminated()).toBe(true);
    await expect(engine.summary()).rejects.toThrow('the analysis stopped');
  });

  it('names an unexplained death', async () => {
    const { worker } = fakeWorker();
    const w = watchWorker(worker);
    const pending = workerEngine(w, 'x').referrers(1, 0, 10);
    worker.dispatchEvent(new Event('error'));
    await expect(pending).rejects.toThrow('the analysis stopped: its worker ended (out of memory?)');
    await expect(w.stopped).rejects.toBeInstanceOf(WorkerStoppedError);
  });

  it('disposing stops the worker and settles what was pending', async () => {
    const { worker, terminated } = fakeWorker();
    const engine = workerEngine(watchWorker(worker), 'x');
    const pending = engine.pathToRoots(5);
    engine.dispose?.();
    await expect(pending).rejects.toThrow('the analysis was closed');
    expect(terminated()).toBe(true);
  });
});

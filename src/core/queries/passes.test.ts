// The pass scheduler alone: a held or interactive-busy scheduler keeps a pass at its checkpoint, cancelling throws
// at the next checkpoint, progress reports carry the step.
import { describe, expect, it } from 'vitest';
import type { PassState } from '../api.ts';
import { CancelledError } from '../errors.ts';
import { PassScheduler, SLICE_MS, type PassControl } from './passes.ts';

/** A pass of `steps` checkpoints, each after SLICE_MS of busy work (so every checkpoint hands over). */
async function busyPass(pass: PassControl, steps: number, log: string[]): Promise<number> {
  pass.step('working', 0, steps);
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + SLICE_MS;
    while (performance.now() < until);
    log.push(`pass ${i}`);
    await pass.checkpoint(i + 1);
  }
  return steps;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PassScheduler', () => {
  it('keeps a pass waiting while an interactive call is in flight', async () => {
    const s = new PassScheduler();
    const log: string[] = [];
    const pass = s.run('p', 'A pass', (c) => busyPass(c, 3, log));
    await s.interactiveCall(async () => {
      for (let i = 0; i < 5; i++) await turn();
      log.push('interactive');
    });
    expect(await pass).toBe(3);
    expect(log).toEqual(['pass 0', 'interactive', 'pass 1', 'pass 2']);
    expect(s.stats.waits).toBeGreaterThan(0);
  });

  it('holds passes until released', async () => {
    const s = new PassScheduler();
    const log: string[] = [];
    const release = s.hold();
    let done = false;
    const pass = s.run('p', 'A pass', (c) => busyPass(c, 2, log)).then(() => (done = true));
    for (let i = 0; i < 10; i++) await turn();
    expect(log).toEqual(['pass 0']);
    expect(done).toBe(false);
    release();
    release(); // a second call changes nothing
    await pass;
    expect(log).toEqual(['pass 0', 'pass 1']);
  });

  it('cancels at the next checkpoint and reports each state', async () => {
    const s = new PassScheduler();
    const states: PassState[] = [];
    s.listen((st) => states.push(st));
    const pass = s.run('p', 'A pass', (c) => busyPass(c, 100, []));
    expect(s.states()).toMatchObject([{ query: 'p', status: 'running' }]);
    expect(s.cancel('p')).toBe(true);
    await expect(pass).rejects.toBeInstanceOf(CancelledError);
    await expect(pass).rejects.toThrow('A pass cancelled');
    expect(s.states()).toEqual([]);
    expect(states[0]).toMatchObject({ query: 'p', label: 'A pass', status: 'running' });
    expect(states.some((st) => st.step === 'working')).toBe(true);
    expect(states.at(-1)).toMatchObject({ status: 'cancelled' });
    expect(s.cancel('p')).toBe(false);
  });
});

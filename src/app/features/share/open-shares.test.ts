import { describe, expect, it } from 'vitest';
import { isShareOpen, markSharedEngine } from './open-shares.ts';
import { snapshotEngine } from './snapshot-engine.ts';

describe('open shares', () => {
  it('matches an engine to the link it was opened from, by id and key', () => {
    const engine = snapshotEngine({ v: 1, createdAt: 0, title: 't' });
    const other = snapshotEngine({ v: 1, createdAt: 0, title: 't' });
    markSharedEngine(engine, { id: 'abc', key: 'K1' });
    expect(isShareOpen({ id: 'abc', key: 'K1' }, engine)).toBe(true);
    expect(isShareOpen({ id: 'abc', key: 'K2' }, engine)).toBe(false);
    expect(isShareOpen({ id: 'abd', key: 'K1' }, engine)).toBe(false);
    expect(isShareOpen({ id: 'abc', key: 'K1' }, other)).toBe(false);
    expect(isShareOpen({ id: 'abc', key: 'K1' }, null)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { topLevelText } from './share-text.ts';

describe('topLevelText', () => {
  it('says how much of the top level a shared tree holds', () => {
    expect(topLevelText(52, 3366)).toBe('52 of 3,366 top-level dominators included');
    expect(topLevelText(3, 3)).toBe('All 3 top-level dominators included');
    expect(topLevelText(1, 1)).toBe('The one top-level dominator is included');
    expect(topLevelText(1, undefined)).toBe('1 top-level dominator shared');
    expect(topLevelText(52, undefined)).toBe('52 top-level dominators shared');
  });
});

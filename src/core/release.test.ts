import { describe, expect, it } from 'vitest';
import { releaseArrays } from './release.ts';

describe('releaseArrays', () => {
  it('detaches the buffer behind every array given, views of the same buffer included', () => {
    const whole = new Float64Array(1000).fill(1);
    const part = whole.subarray(10, 20);
    const other = new Uint32Array(16);
    releaseArrays([whole, part, other, new Uint8Array(0)]);
    expect(whole.length).toBe(0);
    expect(part.length).toBe(0);
    expect(other.length).toBe(0);
    expect(whole.buffer.byteLength).toBe(0);
  });

  it('leaves shared buffers alone', () => {
    const shared = new Int32Array(new SharedArrayBuffer(64));
    releaseArrays([shared]);
    expect(shared.length).toBe(16);
  });
});

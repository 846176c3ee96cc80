import { expect, it } from 'vitest';
import { base64urlToBytes, bytesToBase64url } from './base64url.ts';

it('round-trips every length and byte value without padding', () => {
  for (let n = 0; n < 70; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
    const text = bytesToBase64url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(Array.from(base64urlToBytes(text)!)).toEqual(Array.from(bytes));
  }
  expect(bytesToBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
});

it('rejects other alphabets, impossible lengths and non-canonical spellings', () => {
  expect(base64urlToBytes('ab+/')).toBeNull();
  expect(base64urlToBytes('abc=')).toBeNull();
  expect(base64urlToBytes('abcde')).toBeNull();
  expect(base64urlToBytes('-_9')).toBeNull(); // '-_8' with stray low bits
});

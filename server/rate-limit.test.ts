import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimitKey } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst of the per-minute rate, then refills one token per 60/rate seconds', () => {
    const limiter = new RateLimiter({ perMinute: 30 });
    for (let i = 0; i < 30; i++) expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.take('b', 0).ok).toBe(true); // buckets are per client
    expect(limiter.take('a', 1_999).ok).toBe(false);
    expect(limiter.take('a', 2_000).ok).toBe(true);
    // A long pause refills to the capacity, not beyond.
    let allowed = 0;
    while (limiter.take('a', 3_600_000).ok) allowed++;
    expect(allowed).toBe(30);
  });

  it('keeps at most maxClients buckets, dropping the least recently used', () => {
    const limiter = new RateLimiter({ perMinute: 1, maxClients: 2 });
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('b', 0).ok).toBe(true);
    expect(limiter.take('a', 0).ok).toBe(false); // 'a' used most recently now
    expect(limiter.take('c', 0).ok).toBe(true); // evicts 'b'
    expect(limiter.take('a', 0).ok).toBe(false); // 'a' was kept
    expect(limiter.take('b', 0).ok).toBe(true); // 'b' starts afresh
  });
});

describe('rateLimitKey', () => {
  it('keeps IPv4 (also IPv4-mapped) and groups IPv6 by /64', () => {
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
  });
});

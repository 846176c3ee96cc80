// Per-client token buckets (e.g. 30 uploads a minute with bursts of 30). Reference: the classic token bucket
// (RFC 2697's description of a single-rate meter is a good summary).

export interface RateLimitOptions {
  /** Tokens added per minute; also the bucket's capacity. */
  perMinute: number;
  /** Buckets kept at most; the least recently used are dropped beyond it (bounds memory under many clients). */
  maxClients?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxClients: number;

  constructor(options: RateLimitOptions) {
    this.capacity = options.perMinute;
    this.perMs = options.perMinute / 60_000;
    this.maxClients = options.maxClients ?? 100_000;
  }

  take(client: string, nowMs: number): RateDecision {
    const previous = this.buckets.get(client);
    let tokens = this.capacity;
    if (previous) {
      tokens = Math.min(this.capacity, previous.tokens + Math.max(0, nowMs - previous.atMs) * this.perMs);
      this.buckets.delete(client); // re-inserted below: Map order is our LRU order
    }
    if (tokens < 1) {
      this.buckets.set(client, { tokens, atMs: nowMs });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    this.buckets.set(client, { tokens: tokens - 1, atMs: nowMs });
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    return { ok: true };
  }
}

/**
 * The bucket a client address counts against: IPv4 addresses as they are (also when IPv4-mapped), IPv6 addresses
 * by their /64 prefix, since one subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function rateLimitKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1];
  if (!a.includes(':')) return a;
  const [head, tail = ''] = a.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = a.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':') + '::/64';
}

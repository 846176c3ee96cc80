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
  return (
    groups
      .slice(0, 4)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':') + '::/64'
  );
}

export type BudgetDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Bytes per client per day: a fixed window that starts with the client's first upload of the day. Bounded like
 * RateLimiter (least recently used clients dropped beyond maxClients).
 */
export class ByteBudget {
  private readonly windows = new Map<string, { startMs: number; bytes: number }>();
  constructor(
    private readonly bytesPerDay: number,
    private readonly maxClients = 100_000,
  ) {}

  /** Would `bytes` more fit in the client's day? Does not count them (see take). */
  check(client: string, bytes: number, nowMs: number): BudgetDecision {
    const w = this.current(client, nowMs);
    if (w.bytes + bytes <= this.bytesPerDay) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.startMs + DAY - nowMs) / 1000)) };
  }

  take(client: string, bytes: number, nowMs: number): BudgetDecision {
    const decision = this.check(client, bytes, nowMs);
    if (decision.ok) this.current(client, nowMs).bytes += bytes;
    return decision;
  }

  private current(client: string, nowMs: number): { startMs: number; bytes: number } {
    let w = this.windows.get(client);
    if (w) this.windows.delete(client); // re-inserted: Map order is the LRU order
    if (!w || nowMs - w.startMs >= DAY) w = { startMs: nowMs, bytes: 0 };
    this.windows.set(client, w);
    if (this.windows.size > this.maxClients) this.windows.delete(this.windows.keys().next().value!);
    return w;
  }
}

const DAY = 24 * 60 * 60 * 1000;

/** Counts what is in progress per client and in total (concurrent downloads), refusing beyond either cap. */
export class ConcurrencyGate {
  private readonly perClient = new Map<string, number>();
  private total = 0;
  constructor(
    private readonly maxPerClient: number,
    private readonly maxTotal: number,
  ) {}

  /** A release function, or why not: 'client' (this client is at its cap) or 'total' (the server is). */
  enter(client: string): (() => void) | 'client' | 'total' {
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.maxPerClient) return 'client';
    if (this.total >= this.maxTotal) return 'total';
    this.perClient.set(client, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left <= 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    };
  }
}

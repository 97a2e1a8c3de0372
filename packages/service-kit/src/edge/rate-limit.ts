import type { RequestHandler } from 'express';
import { sendApiError } from './api-error.ts';
import { callsOf } from './trpc-input.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per person: a burst of `perMinute` calls, refilled evenly over a minute. Kept in this
 * process's memory, so with several instances of a service each allows that much.
 */
export function createRequestLimiter(perMinute: number, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  let takes = 0;

  const refilled = (bucket: Bucket, at: number) =>
    Math.min(perMinute, bucket.tokens + (at - bucket.at) * perMs);

  function forgetFullBuckets(at: number) {
    for (const [key, bucket] of buckets) if (refilled(bucket, at) >= perMinute) buckets.delete(key);
  }

  return {
    /** Takes `count` calls from the person's allowance; when it has not enough, how many seconds to wait. */
    take(key: string, count: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
      const at = now();
      if ((takes += 1) % 1000 === 0) forgetFullBuckets(at);
      const bucket = buckets.get(key) ?? { tokens: perMinute, at };
      const tokens = refilled(bucket, at);
      if (tokens < count)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((count - tokens) / perMs / 1000)) };
      buckets.set(key, { tokens: tokens - count, at });
      return { allowed: true };
    },
  };
}

/** Refuses a person's calls beyond `perMinute` (each call of a batch counts) with 429; 0 means no limit. */
export function perPersonRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  const limiter = createRequestLimiter(perMinute);
  return (req, res, next) => {
    const person = req.principal?.userId;
    if (!person) {
      next();
      return;
    }
    const outcome = limiter.take(person, Math.max(1, callsOf(res).length));
    if (outcome.allowed) {
      next();
      return;
    }
    sendApiError(
      res,
      'TOO_MANY_REQUESTS',
      `操作过于频繁（每分钟最多 ${perMinute} 次），请 ${outcome.retryAfterSeconds} 秒后再试。`,
      { 'retry-after': String(outcome.retryAfterSeconds) },
    );
  };
}

// The fallback of the Redis rate limiter while Redis is down: the same fixed windows and
// all-or-nothing consumption, but counted in this process only. Approximate by design: with N
// server instances a caller may get up to N times the limit, and counts start from zero when
// the outage begins. Better than no limit at all (issue #12), and it needs nothing external.
import type { RateLimitDecision, RateLimitRule } from './rate-limit.ts';

interface Window {
  used: number;
  resetAt: number;
}

// Bounds memory during a long outage under many distinct callers; expired windows go first.
const MAX_KEYS = 50_000;

export interface MemoryRateLimiter {
  consume(keys: string[], rules: RateLimitRule[], cost: number): RateLimitDecision[];
  size(): number;
}

export function createMemoryRateLimiter(now: () => number = Date.now): MemoryRateLimiter {
  const windows = new Map<string, Window>();
  const sweep = (t: number) => {
    for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key);
    while (windows.size >= MAX_KEYS) windows.delete(windows.keys().next().value as string);
  };
  return {
    consume(keys, rules, cost) {
      const t = now();
      if (windows.size >= MAX_KEYS) sweep(t);
      const current = keys.map((key, i) => {
        const w = windows.get(key);
        return w && w.resetAt > t ? w : { used: 0, resetAt: t + rules[i].windowMs };
      });
      const ok = current.every((w, i) => w.used + cost <= rules[i].limit);
      if (ok) {
        current.forEach((w, i) => {
          w.used += cost;
          windows.set(keys[i], w);
        });
      }
      return rules.map((rule, i) => ({
        allowed: ok || current[i].used + cost <= rule.limit,
        limit: rule.limit,
        windowMs: rule.windowMs,
        remaining: Math.max(rule.limit - current[i].used, 0),
        resetMs: current[i].resetAt - t,
      }));
    },
    size: () => windows.size,
  };
}

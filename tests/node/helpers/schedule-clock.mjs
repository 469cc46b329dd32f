// A virtual clock for scheduler tests: time moves only when the test says so, and timers
// fire in order as it moves. Microtasks (the scheduler's polls, fn results) are drained
// before and after every timer.
export function virtualClock(start = 1_700_000_000_000) {
  let now = start;
  let seq = 0;
  const timers = new Map(); // id -> { at, fn }
  const drain = () => new Promise((resolve) => setImmediate(resolve));

  const clock = {
    now: () => now,
    setTimeout(fn, ms) {
      seq += 1;
      timers.set(seq, { at: now + Math.max(0, ms), fn, seq });
      return seq;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    pendingTimers: () => timers.size,
    /** Moves to `t`, firing every timer due on the way. */
    async advanceTo(t) {
      await drain();
      for (;;) {
        let next = null;
        for (const [id, timer] of timers) {
          if (timer.at <= t && (next === null || timer.at < next[1].at
              || (timer.at === next[1].at && timer.seq < next[1].seq))) next = [id, timer];
        }
        if (next === null) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
        await drain();
      }
      now = Math.max(now, t);
      await drain();
    },
    advanceBy(ms) {
      return clock.advanceTo(now + ms);
    },
    /** Fires timers until none is left (bounded, to fail instead of hanging). */
    async runAll(maxTimers = 100_000) {
      await drain();
      for (let i = 0; timers.size > 0; i += 1) {
        if (i >= maxTimers) throw new Error('virtual clock: timers keep coming');
        const at = Math.min(...[...timers.values()].map((x) => x.at));
        await clock.advanceTo(at);
      }
    },
  };
  return clock;
}

/** The most instants inside any half-open window [x, x + window). */
export function maxInWindow(instants, window) {
  const s = [...instants].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i += 1) {
    if (j < i) j = i;
    while (j < s.length && s[j] < s[i] + window) j += 1;
    best = Math.max(best, j - i);
  }
  return best;
}

/** A small deterministic generator (mulberry32), so failures and benchmarks are reproducible. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { describe, expect, it } from 'vitest';
import { capWarning } from './cap-warning';

const HOUR = 3_600_000;
const caps = { maxEvents: 1000, maxAgeMs: 24 * HOUR };

describe('capWarning', () => {
  it('is silent with an empty or comfortable queue', () => {
    expect(capWarning({ unforwarded: 0, oldestAgeMs: 0, caps, arrivalPerMs: null })).toBe(null);
    expect(capWarning({ unforwarded: 100, oldestAgeMs: HOUR, caps, arrivalPerMs: 1 / 60_000 })).toBe(null);
  });

  it('warns at 80% of the count cap, counting down at the arrival rate', () => {
    // 800 of 1000 held, one new event a minute: 200 minutes left.
    expect(capWarning({ unforwarded: 800, oldestAgeMs: HOUR, caps, arrivalPerMs: 1 / 60_000 })).toEqual({ kind: 'count', remaining: 200, etaMs: 200 * 60_000 });
    expect(capWarning({ unforwarded: 800, oldestAgeMs: HOUR, caps, arrivalPerMs: null })).toEqual({ kind: 'count', remaining: 200, etaMs: null });
  });

  it('warns early when a burst would reach the count cap within the hour', () => {
    // 500 held, 10 a minute: 50 minutes to the cap although only half is used.
    expect(capWarning({ unforwarded: 500, oldestAgeMs: HOUR, caps, arrivalPerMs: 10 / 60_000 })).toEqual({ kind: 'count', remaining: 500, etaMs: 50 * 60_000 });
  });

  it('counts down to the age cap, and says 0 once it is reached', () => {
    expect(capWarning({ unforwarded: 3, oldestAgeMs: 20 * HOUR, caps, arrivalPerMs: null })).toEqual({ kind: 'age', remaining: 4 * HOUR, etaMs: 4 * HOUR });
    expect(capWarning({ unforwarded: 3, oldestAgeMs: 30 * HOUR, caps, arrivalPerMs: null })).toEqual({ kind: 'age', remaining: 0, etaMs: 0 });
    expect(capWarning({ unforwarded: 1000, oldestAgeMs: HOUR, caps, arrivalPerMs: null })).toEqual({ kind: 'count', remaining: 0, etaMs: 0 });
  });

  it('shows the nearer of two deadlines', () => {
    // Count: 100 left at 1/min = 100 min; age: 2 h left.
    expect(capWarning({ unforwarded: 900, oldestAgeMs: 22 * HOUR, caps, arrivalPerMs: 1 / 60_000 })?.kind).toBe('count');
    // Count: 100 left at 1/10 min = 1000 min; age: 2 h left.
    expect(capWarning({ unforwarded: 900, oldestAgeMs: 22 * HOUR, caps, arrivalPerMs: 0.1 / 60_000 })?.kind).toBe('age');
  });
});

// When things happen: account creation with user growth and signup campaigns, activity with a local diurnal cycle.
import { Categorical } from './distributions.js';
import type { Rng } from '../lib/rng.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface TimeWindow {
  startMs: number;
  endMs: number;
  days: number;
}

/** Countries with a representative UTC offset (hours) and a population weight. */
export const COUNTRIES: readonly { code: string; tzHours: number; weight: number }[] = [
  { code: 'US', tzHours: -5, weight: 20 },
  { code: 'IN', tzHours: 5.5, weight: 13 },
  { code: 'BR', tzHours: -3, weight: 9 },
  { code: 'ID', tzHours: 7, weight: 6 },
  { code: 'MX', tzHours: -6, weight: 5 },
  { code: 'GB', tzHours: 0, weight: 5 },
  { code: 'DE', tzHours: 1, weight: 5 },
  { code: 'PH', tzHours: 8, weight: 4 },
  { code: 'FR', tzHours: 1, weight: 4 },
  { code: 'NG', tzHours: 1, weight: 4 },
  { code: 'TR', tzHours: 3, weight: 3 },
  { code: 'VN', tzHours: 7, weight: 3 },
  { code: 'JP', tzHours: 9, weight: 3 },
  { code: 'EG', tzHours: 2, weight: 3 },
  { code: 'CA', tzHours: -5, weight: 3 },
  { code: 'ES', tzHours: 1, weight: 2 },
  { code: 'PK', tzHours: 5, weight: 2 },
  { code: 'BD', tzHours: 6, weight: 2 },
  { code: 'AU', tzHours: 10, weight: 2 },
  { code: 'AR', tzHours: -3, weight: 2 },
];
export const COUNTRY_PICKER = new Categorical(COUNTRIES.map((c) => c.weight));

// Share of activity per local hour 0..23: quiet before dawn, a lunch bump, an evening peak.
const DIURNAL = new Categorical([
  2.2, 1.4, 0.9, 0.6, 0.5, 0.7, 1.4, 2.6, 3.6, 4, 4.2, 4.5, 4.9, 4.7, 4.4, 4.5, 4.8, 5.3, 6, 6.6, 7, 6.9, 5.8, 3.8,
]);

const HISTORY_YEARS = 3;
const HISTORY_MS = HISTORY_YEARS * 365 * DAY_MS;
/** Yearly growth factor of signups (the population doubles roughly every year). */
const GROWTH_PER_MS = Math.log(2) / (365 * DAY_MS);

/** Signup time of an ordinary account: exponential growth over the last three years, some inside the window. */
export function sampleSignupMs(rng: Rng, window: TimeWindow, campaignsMs: readonly number[]): number {
  const u = rng.next();
  if (u < 0.05) return window.startMs + rng.next() * (window.endMs - window.startMs);
  if (u < 0.08 && campaignsMs.length > 0) {
    // signup campaigns: benign creation bursts of unrelated people within a few hours
    return rng.pick(campaignsMs) + rng.normal() * 1.5 * HOUR_MS;
  }
  const v = rng.next();
  const back = Math.log(1 + v * (Math.exp(GROWTH_PER_MS * HISTORY_MS) - 1)) / GROWTH_PER_MS;
  return window.startMs - HISTORY_MS + back;
}

/** An activity time at or after fromMs inside the window, following the local diurnal cycle. */
export function sampleActivityMs(rng: Rng, window: TimeWindow, tzHours: number, fromMs: number): number {
  const lo = Math.max(fromMs, window.startMs);
  if (lo >= window.endMs) return window.endMs - 1 - rng.next() * 1000;
  const firstDay = Math.floor((lo - window.startMs) / DAY_MS);
  for (let attempt = 0; attempt < 4; attempt++) {
    const day = firstDay + Math.floor(rng.next() * (window.days - firstDay));
    const localHour = DIURNAL.sample(rng);
    const ts = window.startMs + day * DAY_MS + (localHour - tzHours + rng.next()) * HOUR_MS;
    if (ts >= lo && ts < window.endMs) return Math.floor(ts);
  }
  return Math.floor(lo + rng.next() * (window.endMs - lo));
}

/** An activity time inside local office hours (weekdays 9–18), at or after fromMs. */
export function sampleWorkHoursMs(rng: Rng, window: TimeWindow, tzHours: number, fromMs: number): number {
  const lo = Math.max(fromMs, window.startMs);
  if (lo >= window.endMs) return window.endMs - 1 - rng.next() * 1000;
  const firstDay = Math.floor((lo - window.startMs) / DAY_MS);
  for (let attempt = 0; attempt < 6; attempt++) {
    const day = firstDay + Math.floor(rng.next() * (window.days - firstDay));
    const ts = window.startMs + day * DAY_MS + (9 + rng.next() * 9 - tzHours) * HOUR_MS;
    const weekday = (Math.floor((ts + tzHours * HOUR_MS) / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
    if (weekday !== 0 && weekday !== 6 && ts >= lo && ts < window.endMs) return Math.floor(ts);
  }
  return sampleActivityMs(rng, window, tzHours, fromMs);
}

export function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

// The per-request time limit of an API engine as the form takes it (minutes) and the config stores it (deadlineMs).
import { DEFAULT_DEADLINE_MS } from './http';

export { DEFAULT_DEADLINE_MS };

/** Shortest and longest time limit a form may set, ms. */
export const MIN_DEADLINE_MS = 6_000;
export const MAX_DEADLINE_MS = 120 * 60_000;

/** Minutes typed in the form → deadlineMs (blank or not a number: the default; clamped to 6 s … 2 h). */
export function deadlineFrom(minutes: number | null | undefined): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) return DEFAULT_DEADLINE_MS;
  return Math.min(MAX_DEADLINE_MS, Math.max(MIN_DEADLINE_MS, Math.round(minutes * 60_000)));
}

/** "10 min", "90 s": how a config's limit is shown. */
export function deadlineText(deadlineMs: number | undefined): string {
  const ms = deadlineMs ?? DEFAULT_DEADLINE_MS;
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round((ms / 60_000) * 10) / 10} min`;
}

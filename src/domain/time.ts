/** Milliseconds in a day (UTC days; calendar months are handled separately). */
export const DAY_MS = 86_400_000;

/** The instant `days` days after `from` (before it when negative). */
export function addDays(from: Date | string, days: number): Date {
  return new Date(new Date(from).getTime() + days * DAY_MS);
}

/** Whole days from one instant to another, rounded down. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

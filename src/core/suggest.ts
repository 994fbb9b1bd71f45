import { distance } from 'fastest-levenshtein';

/** The candidate closest to what was typed, when it is close enough to be a typo. */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = c.startsWith(t) && t.length >= 2 ? 0.5 : distance(t, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.min(3, Math.floor(t.length / 2))) ? best : undefined;
}

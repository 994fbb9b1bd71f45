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
  const limit = t.length <= 2 ? 1 : t.length <= 5 ? 2 : 3;
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

// "Did you mean …?" for REST names: the closest candidate by edit distance, case-insensitive,
// only when it is close enough to be a plausible typo.

/** Optimal-string-alignment distance: edits plus swaps of neighbours ("nmae" → "name" is 1). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate closest to `input`, or undefined when none is within a typo's reach. */
export function closestName(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const threshold = Math.max(1, Math.floor(needle.length * 0.4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    const prefix = Math.min(hay.length, needle.length) >= 2 && (hay.startsWith(needle) || needle.startsWith(hay));
    const distance = hay === needle ? 0 : prefix ? 1 : editDistance(needle, hay);
    if (distance <= threshold && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** " Did you mean 'x'?" or "" — ready to append to a sentence. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const best = closestName(input, candidates);
  return best === undefined ? '' : ` Did you mean '${best}'?`;
}

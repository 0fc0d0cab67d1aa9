// "Did you mean …?" suffixes for error messages: the closest known name by edit distance.

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** ` Did you mean "x"?` when a candidate is close enough to be a plausible typo, else ''. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const threshold = Math.max(2, Math.floor(name.length / 3));
  const a = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const b = candidate.toLowerCase();
    // A truncated name ("first" for "firstName") is a typo too, and wins ties.
    const truncated = a.length >= 3 && b.startsWith(a);
    const d = truncated ? Math.min(distance(a, b), threshold) : distance(a, b);
    const score = d * 2 - (truncated ? 1 : 0);
    if (d <= threshold && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best === undefined ? '' : ` Did you mean "${best}"?`;
}

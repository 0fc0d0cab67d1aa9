// "Did you mean ...?" for names a user typed, after graphql-js's suggestionList: the
// optimal-string-alignment distance (Levenshtein plus adjacent swaps), a threshold that grows
// with the input's length, and a case-only difference counting as one edit.

/** Candidates close enough to `input`, closest first (ties in alphabetical order). */
export function suggestionList(input: string, candidates: readonly string[]): string[] {
  const threshold = Math.floor(input.length * 0.4) + 1;
  const distances = new Map<string, number>();
  for (const candidate of candidates) {
    const distance = lexicalDistance(input, candidate, threshold);
    if (distance !== undefined) distances.set(candidate, distance);
  }
  return [...distances.keys()].sort((a, b) => (distances.get(a) as number) - (distances.get(b) as number) || a.localeCompare(b));
}

/** The single best suggestion for `input`, if any candidate is close enough. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  return suggestionList(input, [...candidates])[0];
}

/**
 * ` Did you mean "x"?` (with the leading space) or an empty string, to end a message. REST
 * messages quote with single quotes, as Twenty's do.
 */
export function didYouMeanSuffix(input: string, candidates: Iterable<string>, quote: '"' | "'" = '"'): string {
  const best = didYouMean(input, candidates);
  return best === undefined ? '' : ` Did you mean ${quote}${best}${quote}?`;
}

function lexicalDistance(input: string, candidate: string, threshold: number): number | undefined {
  if (input === candidate) return 0;
  const a = candidate.toLowerCase();
  const b = input.toLowerCase();
  if (a === b) return 1;
  // A truncated or over-long name ("first" for "firstName") is one slip, not many; it ranks
  // just behind a true one-edit typo.
  const prefix = Math.min(a.length, b.length) >= 2 && (a.startsWith(b) || b.startsWith(a));
  const edits = editDistance(a, b, threshold);
  if (prefix && (edits === undefined || edits > 1)) return 1.5 <= threshold ? 1.5 : undefined;
  // Among equal edits, completing what was typed ("companyI" → "companyId") wins.
  return edits !== undefined && edits > 0 && b.length >= 3 && a.startsWith(b) ? edits - 0.25 : edits;
}

function editDistance(x: string, y: string, threshold: number): number | undefined {
  let a = x;
  let b = y;
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > threshold) return undefined;
  // Three rolling rows are enough for the transposition lookback.
  const rows = [0, 1, 2].map(() => new Array<number>(b.length + 1).fill(0));
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    const up = rows[(i - 1) % 3];
    const row = rows[i % 3];
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let current = Math.min(up[j] + 1, row[j - 1] + 1, up[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current = Math.min(current, rows[(i - 2) % 3][j - 2] + 1);
      }
      row[j] = current;
      if (current < smallest) smallest = current;
    }
    if (smallest > threshold) return undefined;
  }
  const distance = rows[a.length % 3][b.length];
  return distance <= threshold ? distance : undefined;
}

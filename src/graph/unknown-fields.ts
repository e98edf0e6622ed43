import { GraphSpecError } from './errors.ts';

/**
 * Throws a GraphSpecError for the first key of `object` that is not in `allowed`, naming it and,
 * when one is close (a typo such as `input` for `inputs`), the field that was probably meant.
 * A misspelt field would otherwise be ignored and its default used in silence.
 */
export function rejectUnknownFields(
  object: object,
  allowed: readonly string[],
  owner: 'graph' | 'node',
  nodeId?: string,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const guess = closestName(key, allowed);
    const hint = guess === undefined ? '' : ` (did you mean '${guess}'?)`;
    const list = allowed.map((f) => `'${f}'`).join(', ');
    throw new GraphSpecError(`unknown field${hint}; a ${owner} has ${list}`, nodeId, key);
  }
}

/**
 * The candidate nearest to `word` by edit distance (case-insensitive), if it is near enough to
 * be a typo: at most 2 edits, and fewer than half the word's letters.
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.ceil(word.length / 2) - 1);
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost));
    }
    row = next;
  }
  return row[b.length];
}

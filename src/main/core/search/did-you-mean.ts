/** Edit distance (insert, delete, substitute, swap of neighbours), for "did you mean …?" hints. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a typo's reach (≤ 1/3 of the name's length, at least 1), or null. */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const dist = editDistance(lower, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  if (best) return best;
  // A truncated name (val_acc for val_accuracy) is too far in edits but plainly meant.
  const extensions = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  return lower.length >= 3 && extensions.length === 1 ? extensions[0]! : null;
}

export const didYouMean = (name: string, candidates: readonly string[]): string => {
  const hit = closestName(name, candidates);
  return hit ? `; did you mean ${hit}?` : '';
};

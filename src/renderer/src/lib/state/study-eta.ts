/** "about 40 s left", "about 3 min left", "about 1 h 20 min left" (the estimate itself: shared/analysis/budget.ts). */
export function formatEta(sec: number): string {
  if (sec < 60) return `about ${Math.max(5, Math.round(sec / 5) * 5)} s left`;
  const min = Math.round(sec / 60);
  if (min < 60) return `about ${min} min left`;
  return `about ${Math.floor(min / 60)} h ${min % 60} min left`;
}

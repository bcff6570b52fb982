/**
 * One colour per run across the study screen's views: the curves and the parallel coordinates'
 * highlighted lines use the same map, so trial #7 is orange in both. Colours stay with a run while it
 * stays shown (selecting one more run does not repaint the others).
 */
export const RUN_COLORS = ['#2f6fde', '#e4572e', '#17a673', '#9c55d4', '#f0a202', '#11a3c9', '#d6336c', '#6b7a8c', '#7a9e1f', '#a0522d', '#3b3f9f', '#c2185b'];

export function assignColors(previous: ReadonlyMap<number, string>, ids: readonly number[], palette: readonly string[] = RUN_COLORS): Map<number, string> {
  const out = new Map<number, string>();
  for (const id of ids) {
    const kept = previous.get(id);
    if (kept !== undefined && ![...out.values()].includes(kept)) out.set(id, kept);
  }
  let i = 0;
  for (const id of ids) {
    if (out.has(id)) continue;
    const used = new Set(out.values());
    const free = palette.find((c) => !used.has(c));
    out.set(id, free ?? palette[i++ % palette.length]!);
  }
  return out;
}

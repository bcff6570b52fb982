/** Modifier keys of a row click, read from the mouse event. */
export interface ClickModifiers {
  shift: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  toggle: boolean;
}

export interface SelectionChange {
  selection: Set<number>;
  /** The row a later shift-click extends from. */
  anchor: number | null;
}

/**
 * File-manager selection over the rows as shown (`visibleIds` in display order): a click selects one,
 * ctrl/cmd toggles one, shift selects the range from the anchor (added to the selection with ctrl/cmd).
 */
export function clickSelect(
  current: ReadonlySet<number>,
  visibleIds: readonly number[],
  clickedId: number,
  anchor: number | null,
  mods: ClickModifiers,
): SelectionChange {
  if (mods.shift && anchor !== null) {
    const from = visibleIds.indexOf(anchor);
    const to = visibleIds.indexOf(clickedId);
    if (from !== -1 && to !== -1) {
      const range = visibleIds.slice(Math.min(from, to), Math.max(from, to) + 1);
      const base = mods.toggle ? new Set(current) : new Set<number>();
      for (const id of range) base.add(id);
      return { selection: base, anchor };
    }
  }
  if (mods.toggle) {
    const next = new Set(current);
    if (next.has(clickedId)) next.delete(clickedId);
    else next.add(clickedId);
    return { selection: next, anchor: clickedId };
  }
  return { selection: new Set([clickedId]), anchor: clickedId };
}

/** The header checkbox: selects every visible row, or clears them when all already are. */
export function toggleAllVisible(current: ReadonlySet<number>, visibleIds: readonly number[]): Set<number> {
  const allSelected = visibleIds.length > 0 && visibleIds.every((id) => current.has(id));
  const next = new Set(current);
  if (allSelected) for (const id of visibleIds) next.delete(id);
  else for (const id of visibleIds) next.add(id);
  return next;
}

/**
 * The keyboard cursor after moving `delta` rows among `ids` (display order); ±Infinity jumps to an
 * end. A cursor that is not (or no longer) shown starts from the top.
 */
export function moveCursor(ids: readonly number[], current: number | null, delta: number): number | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return ids[delta < 0 && delta !== -Infinity ? ids.length - 1 : 0]!;
  const to = delta === Infinity ? ids.length - 1 : delta === -Infinity ? 0 : Math.min(ids.length - 1, Math.max(0, at + delta));
  return ids[to]!;
}

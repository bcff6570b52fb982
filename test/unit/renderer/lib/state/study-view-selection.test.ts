import { describe, expect, it } from 'vitest';
import { clickSelect, toggleAllVisible } from '../../../../../src/renderer/src/lib/state/study-view-selection';

const visible = [5, 3, 9, 1, 7];
const none = { shift: false, toggle: false };

describe('clickSelect', () => {
  it('a plain click selects only that row and anchors there', () => {
    expect(clickSelect(new Set([3, 9]), visible, 1, null, none)).toEqual({ selection: new Set([1]), anchor: 1 });
  });

  it('ctrl/cmd toggles one row', () => {
    const on = clickSelect(new Set([3]), visible, 9, 3, { shift: false, toggle: true });
    expect([...on.selection].sort()).toEqual([3, 9]);
    expect(clickSelect(on.selection, visible, 3, 9, { shift: false, toggle: true }).selection).toEqual(new Set([9]));
  });

  it('shift selects the displayed range from the anchor, in either direction', () => {
    expect(clickSelect(new Set([3]), visible, 7, 3, { shift: true, toggle: false }).selection).toEqual(new Set([3, 9, 1, 7]));
    expect(clickSelect(new Set([1]), visible, 5, 1, { shift: true, toggle: false }).selection).toEqual(new Set([5, 3, 9, 1]));
  });

  it('shift+ctrl adds the range to the selection', () => {
    expect(clickSelect(new Set([5]), visible, 7, 1, { shift: true, toggle: true }).selection).toEqual(new Set([5, 1, 7]));
  });
});

describe('toggleAllVisible', () => {
  it('selects all visible rows, then clears them, leaving hidden selections alone', () => {
    const all = toggleAllVisible(new Set([42]), visible);
    expect(all).toEqual(new Set([42, ...visible]));
    expect(toggleAllVisible(all, visible)).toEqual(new Set([42]));
  });
});

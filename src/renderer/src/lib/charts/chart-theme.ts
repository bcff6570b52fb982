/**
 * Colours charts draw with, read from the page's CSS variables so charts follow the light or dark theme
 * (canvas drawing cannot use CSS variables itself).
 */
export interface ChartColors {
  text: string;
  muted: string;
  line: string;
  grid: string;
  background: string;
  /** Lines that must stand out (selected runs). */
  strong: string;
}

export function chartColors(el: Element = document.documentElement): ChartColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--chart-text', '#3b4450'),
    muted: v('--muted', '#5f6b7a'),
    line: v('--chart-axis', '#b8bec6'),
    grid: v('--chart-grid', '#eef0f3'),
    background: v('--panel', '#ffffff'),
    strong: v('--text', '#1d232b'),
  };
}

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
  /** Completed trials' marks in the analysis plots. */
  accent: string;
  /** Pruned trials' marks and lines. */
  warn: string;
}

/** The light theme's colours, for option builders called without a page (tests). */
export const DEFAULT_COLORS: ChartColors = { text: '#3b4450', muted: '#5f6b7a', line: '#b8bec6', grid: '#eef0f3', background: '#ffffff', strong: '#1d232b', accent: '#2a64cc', warn: '#8a5300' };

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
    accent: v('--accent', '#2a64cc'),
    warn: v('--warn', '#8a5300'),
  };
}

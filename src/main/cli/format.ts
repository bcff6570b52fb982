/** Plain-text table with aligned columns (numbers right-aligned) for terminal output. */
export function renderTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '—' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  // formatNumber hands back strings, so "numeric" means every present cell reads as a number.
  const isNum = (c: string | number | null | undefined) => c === null || c === undefined || typeof c === 'number' || (c !== '' && Number.isFinite(Number(c)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => isNum(r[i])));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}

export function formatNumber(v: number | null | undefined, digits = 4): string | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

export function formatParam(v: unknown): string {
  return typeof v === 'number' ? (formatNumber(v, 3) ?? String(v)) : String(v);
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

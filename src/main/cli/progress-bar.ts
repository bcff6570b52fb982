import type { ImportProgress } from '../core/datasets/import/types';

const WIDTH = 30;

function amount(n: number, unit: ImportProgress['unit']): string {
  if (unit !== 'bytes') return `${Math.round(n).toLocaleString('en-US')} ${unit}`;
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  return `${(n / 1024).toFixed(0)} kB`;
}

/**
 * One-line progress bar for long imports: redrawn in place on a TTY (at most every 100 ms), and on
 * plain output one line per phase so CI logs stay short.
 */
export function createProgressBar(out: NodeJS.WriteStream = process.stderr): { update: (p: ImportProgress) => void; done: () => void } {
  const tty = Boolean(out.isTTY) && !process.env.CI;
  let lastDraw = 0;
  let lastPhase = '';
  return {
    update(p) {
      if (!tty) {
        if (p.phase !== lastPhase) out.write(`${p.phase}…\n`);
        lastPhase = p.phase;
        return;
      }
      const now = Date.now();
      if (now - lastDraw < 100 && p.done < p.total) return;
      lastDraw = now;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(frac * WIDTH);
      out.write(`\r\x1b[2K${p.phase.padEnd(8)} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${(frac * 100).toFixed(0).padStart(3)}%  ${amount(p.done, p.unit)} / ${amount(p.total, p.unit)}`);
    },
    done() {
      if (tty) out.write('\r\x1b[2K');
    },
  };
}

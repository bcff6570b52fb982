import type { Services } from '../core/services';
import type { StudyRow } from '../core/store/types';
import { formatDuration, formatNumber } from './format';

interface Line {
  trial: number;
  epoch: number;
  epochs: number;
  objective: number | null;
  samplesPerSec: number | null;
}

const BAR = 20;

/**
 * Live progress of one study in the terminal: one line per running trial with its epoch progress, and
 * an overall line. On a TTY the block is redrawn in place; elsewhere (CI logs, pipes) it prints one
 * line per trial start and end, so logs stay readable.
 */
export class ProgressView {
  private readonly lines = new Map<number, Line>();
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();
  private readonly tty: boolean;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly services: Services,
    private readonly study: StudyRow,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {
    this.tty = Boolean(out.isTTY) && !process.env.CI;
    const onEpoch = (e: { runId: number; studyId: number; epoch: number; metrics: Record<string, number> }) => {
      if (e.studyId !== study.id) return;
      const line = this.lines.get(e.runId);
      if (!line) return;
      line.epoch = e.epoch;
      line.objective = e.metrics[study.objectiveMetric] ?? line.objective;
      line.samplesPerSec = e.metrics.samples_per_sec ?? line.samplesPerSec;
      this.schedule();
    };
    const onRun = (e: { runId: number; studyId: number }) => {
      if (e.studyId !== study.id) return;
      this.onRunUpdated(e.runId);
    };
    services.events.on('epoch', onEpoch);
    services.events.on('run-updated', onRun);
    this.unsubscribe = () => {
      services.events.off('epoch', onEpoch);
      services.events.off('run-updated', onRun);
    };
  }

  private onRunUpdated(runId: number): void {
    const run = this.services.store.getRun(runId);
    if (!run) return;
    if (run.status === 'running') {
      if (!this.lines.has(runId)) {
        const epochs = typeof run.params.epochs === 'number' ? run.params.epochs : 20;
        this.lines.set(runId, { trial: run.trialNumber, epoch: run.epochsDone, epochs, objective: null, samplesPerSec: null });
        if (!this.tty) this.print(`trial ${run.trialNumber} (run ${run.id}) started on ${run.backend ?? '?'}: ${this.paramSummary(run.params)}`);
      }
    } else if (this.lines.has(runId)) {
      this.lines.delete(runId);
      const obj = formatNumber(run.bestObjective);
      const what = run.status === 'failed' ? `failed: ${run.error ?? 'unknown error'}` : `${run.status} after ${run.epochsDone} epochs, best ${this.study.objectiveMetric} ${obj ?? '—'}`;
      this.print(`trial ${run.trialNumber} (run ${run.id}) ${what}`);
    }
    this.schedule();
  }

  private paramSummary(params: Record<string, unknown>): string {
    return Object.entries(params)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v, 3) : String(v)}`)
      .join(' ');
  }

  /** Prints a permanent line above the live block. */
  private print(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  private schedule(): void {
    if (!this.tty || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.clear();
      this.draw();
    }, 100);
  }

  private clear(): void {
    if (!this.tty || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.tty) return;
    const rows: string[] = [];
    for (const [runId, l] of [...this.lines].sort((a, b) => a[1].trial - b[1].trial)) {
      const filled = Math.round((Math.min(l.epoch, l.epochs) / l.epochs) * BAR);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
      const obj = formatNumber(l.objective);
      const sps = l.samplesPerSec ? `${Math.round(l.samplesPerSec)} samples/s` : '';
      rows.push(`  trial ${String(l.trial).padStart(3)} (run ${runId})  ${bar} epoch ${l.epoch}/${l.epochs}  ${this.study.objectiveMetric} ${obj ?? '—'}  ${sps}`);
    }
    rows.push(this.overall());
    this.out.write(`${rows.join('\n')}\n`);
    this.drawn = rows.length;
  }

  overall(): string {
    const runs = this.services.store.listRuns(this.study.id);
    const finished = runs.filter((r) => ['completed', 'failed', 'cancelled', 'pruned'].includes(r.status)).length;
    const failed = runs.filter((r) => r.status === 'failed').length;
    const budget = this.study.spec.budget.maxTrials;
    const best = this.services.store.leaderboard(this.study.id, 1)[0];
    const bestText = best ? `best ${this.study.objectiveMetric} ${formatNumber(best.bestObjective)} (trial ${best.trialNumber})` : 'no result yet';
    return `  ${finished}/${budget ?? '∞'} trials done · ${this.lines.size} running · ${failed} failed · ${bestText} · ${formatDuration(Date.now() - this.startedAt)}`;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.clear();
    this.unsubscribe();
  }
}

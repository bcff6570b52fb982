import type { RunDto, StudyDetailDto } from '../../shared/contract';
import { TERMINAL_RUN_STATUSES } from '../../shared/domain/run';
import type { CliApi } from './api/cli-api';
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
 * Live progress of one study in the terminal, from the contract's events (in process or from the
 * owner's API alike): one line per running trial with its epoch progress, and an overall line. On a TTY
 * the block is redrawn in place; elsewhere (CI logs, pipes) it prints one line per trial start and end.
 * It keeps the study's runs as events announce them, so a 10,000-trial study costs one fetch per change.
 */
export class ProgressView {
  private readonly lines = new Map<number, Line>();
  private readonly runs = new Map<number, RunDto>();
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly tty: boolean;
  private offs: (() => void)[] = [];

  constructor(
    private readonly api: CliApi,
    private readonly study: StudyDetailDto,
    /** When the command started watching (a view made again after a reconnect keeps the clock). */
    private readonly startedAt = Date.now(),
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {
    this.tty = Boolean(out.isTTY) && !process.env.CI;
  }

  /** Subscribes first, then reads the runs, so no change falls between the two. */
  async start(): Promise<void> {
    this.offs.push(
      this.api.on('epoch', (e) => {
        if (e.studyId !== this.study.id) return;
        const line = this.lines.get(e.runId);
        if (!line) return;
        line.epoch = e.epoch;
        line.objective = e.metrics[this.study.objectiveMetric] ?? line.objective;
        line.samplesPerSec = e.metrics.samples_per_sec ?? line.samplesPerSec;
        this.schedule();
      }),
      this.api.on('run-updated', (e) => {
        if (e.studyId === this.study.id) void this.refreshRun(e.runId);
      }),
    );
    for (const run of await this.api.call('runs.list', { studyId: this.study.id })) this.apply(run);
    this.schedule();
  }

  private async refreshRun(runId: number): Promise<void> {
    try {
      this.apply(await this.api.call('runs.get', { runId }));
    } catch {
      // deleted meanwhile, or the owner went away: the caller hears of the latter itself
    }
  }

  private apply(run: RunDto): void {
    this.runs.set(run.id, run);
    if (run.status === 'running') {
      if (!this.lines.has(run.id)) {
        const epochs = typeof run.params.epochs === 'number' ? run.params.epochs : 20;
        this.lines.set(run.id, { trial: run.trialNumber, epoch: run.epochsDone, epochs, objective: null, samplesPerSec: null });
        const again = run.attempt > 1 ? ` (attempt ${run.attempt}, from epoch ${run.epochsDone})` : '';
        if (!this.tty) this.print(`trial ${run.trialNumber} (run ${run.id}) started${again}: ${this.paramSummary(run.params)}`);
      }
    } else if (this.lines.has(run.id)) {
      this.lines.delete(run.id);
      const obj = formatNumber(run.bestObjective);
      const what =
        run.status === 'failed'
          ? `failed: ${run.error ?? 'unknown error'}`
          : run.status === 'queued'
            ? 'stopped; it will be retried from its last checkpoint'
            : `${run.status} after ${run.epochsDone} epochs, best ${this.study.objectiveMetric} ${obj ?? '—'}`;
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
    const runs = [...this.runs.values()];
    const finished = runs.filter((r) => TERMINAL_RUN_STATUSES.includes(r.status)).length;
    const failed = runs.filter((r) => r.status === 'failed').length;
    const budget = this.study.spec.budget.maxTrials;
    const sign = this.study.objectiveDirection === 'minimize' ? 1 : -1;
    const ranked = runs.filter((r) => (r.status === 'completed' || r.status === 'pruned') && r.bestObjective !== null);
    const best = ranked.sort((a, b) => sign * (a.bestObjective! - b.bestObjective!))[0];
    const bestText = best ? `best ${this.study.objectiveMetric} ${formatNumber(best.bestObjective)} (trial ${best.trialNumber})` : 'no result yet';
    const { maxEpochs, maxTimeSec } = this.study.spec.budget;
    const epochs = runs.reduce((n, r) => n + r.epochsDone, 0);
    const pruned = runs.filter((r) => r.status === 'pruned').length;
    const elapsed = Date.now() - this.startedAt;
    const parts = [
      `${finished}/${budget ?? '∞'} trials done`,
      `${this.lines.size} running`,
      ...(pruned > 0 ? [`${pruned} pruned`] : []),
      `${failed} failed`,
      `${epochs}${maxEpochs !== undefined ? `/${maxEpochs}` : ''} epochs`,
      bestText,
      `${formatDuration(elapsed)}${maxTimeSec !== undefined ? ` of ${formatDuration(maxTimeSec * 1000)}` : ''}`,
    ];
    const left = this.timeLeft(finished, budget, elapsed);
    if (left !== null) parts.push(`≈ ${formatDuration(left)} left`);
    return `  ${parts.join(' · ')}`;
  }

  /**
   * Time left, from the pace so far: trials left at the average time a finished trial took (in this
   * command's clock), or the time budget, whichever ends first; null before a first trial finished.
   */
  private timeLeft(finished: number, maxTrials: number | undefined, elapsed: number): number | null {
    const { maxTimeSec } = this.study.spec.budget;
    const byTime = maxTimeSec !== undefined ? Math.max(0, maxTimeSec * 1000 - elapsed) : null;
    const byTrials = maxTrials !== undefined && finished > 0 ? ((maxTrials - finished) * elapsed) / finished : null;
    if (byTime === null) return byTrials;
    return byTrials === null ? byTime : Math.min(byTime, byTrials);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.clear();
    for (const off of this.offs) off();
    this.offs = [];
  }
}

import type { ParamSet } from '../../../shared/domain/space';
import type { StudySpec } from '../../../shared/domain/study-spec';

/** The trainer's default when a config sets no epochs (src/shared/domain/hparams.ts). */
const DEFAULT_EPOCHS = 20;
/** The epochs a trial with `params` trains. */
export const epochsOf = (params: ParamSet): number => (typeof params.epochs === 'number' ? params.epochs : DEFAULT_EPOCHS);

/** Recent epoch durations kept to estimate whether a new trial fits the time left. */
const SAMPLES = 100;

/**
 * A study's budget in trials, epochs and time, kept as the study runs. Trials and epochs count
 * everything the study has stored (a resumed study carries on counting); time counts from when this
 * owner took the study up, so a resumed study gets its time budget afresh.
 */
export class StudyBudget {
  private readonly startedAt = Date.now();
  private readonly epochMs: number[] = [];

  constructor(
    private readonly spec: Pick<StudySpec, 'budget'>,
    private epochsUsed: number,
  ) {}

  /** Whether running trials are judged after each epoch (an epoch or a time budget stops them). */
  get stopsRunningTrials(): boolean {
    return this.spec.budget.maxEpochs !== undefined || this.spec.budget.maxTimeSec !== undefined;
  }

  recordEpoch(epochMs: number | undefined): void {
    this.epochsUsed++;
    if (epochMs !== undefined && Number.isFinite(epochMs)) {
      this.epochMs.push(epochMs);
      if (this.epochMs.length > SAMPLES) this.epochMs.shift();
    }
  }

  /** No new trial starts: `trials` trials exist, or the epochs or the time are used up. */
  spent(trials: number): boolean {
    const { maxTrials } = this.spec.budget;
    return (maxTrials !== undefined && trials >= maxTrials) || this.spentWhy() !== null;
  }

  /** Why running trials stop now (the epochs or the time are used up), or null. */
  spentWhy(): string | null {
    const { maxEpochs, maxTimeSec } = this.spec.budget;
    if (maxEpochs !== undefined && this.epochsUsed >= maxEpochs) return `the study's epoch budget (${maxEpochs}) is spent`;
    if (maxTimeSec !== undefined && Date.now() - this.startedAt >= maxTimeSec * 1000) return `the study's time budget (${maxTimeSec} s) is spent`;
    return null;
  }

  /**
   * Whether a trial with `params` can finish in the time left, judged by the median epoch so far times
   * its epochs. Without a time budget, or before any epoch was timed, every trial fits.
   */
  fits(params: ParamSet): boolean {
    const { maxTimeSec } = this.spec.budget;
    if (maxTimeSec === undefined || this.epochMs.length === 0) return true;
    const sorted = [...this.epochMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return median * epochsOf(params) <= maxTimeSec * 1000 - (Date.now() - this.startedAt);
  }
}

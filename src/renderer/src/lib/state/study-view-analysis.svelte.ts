import type { RunDto } from '../../../../shared/contract';
import { contourData } from '../../../../shared/analysis/contour';
import { analysisTrials } from '../../../../shared/analysis/from-runs';
import { optimizationHistory } from '../../../../shared/analysis/history';
import { importanceReport, type ImportanceReport } from '../../../../shared/analysis/importance-report';
import { sliceData } from '../../../../shared/analysis/slice';
import type { AnalysisContext } from '../../../../shared/analysis/trials';
import type { HistoryAxis } from '../charts/history-option';
import { contourPair, isFinished, sameRows, searchedParams } from './study-analysis';
import type { StudyViewState } from './study-view.svelte';

const NO_IMPORTANCE: ImportanceReport = { status: 'nothing', trials: 0 };

/**
 * The study's analysis (importance, optimization history, slices, contour), derived from the one view
 * state so it follows the same filter, brush and selection as the table: importance ranks the
 * parameters over the runs the table shows; the plots draw the filtered runs and leave the marks of
 * brushed-out ones faint (as the parallel coordinates shade their lines).
 */
export class StudyAnalysis {
  historyAxis = $state<HistoryAxis>('trial');
  /** The contour's axes as the user picked them (null: the most important parameters). */
  picked = $state<{ x: string | null; y: string | null }>({ x: null, y: null });

  readonly #view: StudyViewState;
  #finishedCache: RunDto[] = [];
  #shownCache: RunDto[] = [];

  constructor(view: StudyViewState) {
    this.#view = view;
  }

  ctx: AnalysisContext | null = $derived.by(() => {
    const s = this.#view.study;
    return s ? { direction: s.objectiveDirection, template: s.template } : null;
  });
  params = $derived.by(() => (this.#view.study ? searchedParams(this.#view.study.spec.space) : []));
  /** Completed and pruned runs that pass the filter (the same array while they do not change). */
  finished: RunDto[] = $derived.by(() => {
    const next = this.#view.filtered.filter(isFinished);
    if (sameRows(next, this.#finishedCache)) return this.#finishedCache;
    return (this.#finishedCache = next);
  });
  /** …and those inside the brush too: what the table lists. */
  shownFinished: RunDto[] = $derived.by(() => {
    const next = this.#view.tableRuns.filter(isFinished);
    if (sameRows(next, this.#shownCache)) return this.#shownCache;
    return (this.#shownCache = next);
  });
  /** Run ids the table lists: marks outside it are drawn faint. */
  inTable: ReadonlySet<number> = $derived(new Set(this.shownFinished.map((r) => r.id)));
  runsByTrial: ReadonlyMap<number, RunDto> = $derived(new Map(this.finished.map((r) => [r.trialNumber, r])));

  importance: ImportanceReport = $derived.by(() => {
    const study = this.#view.study;
    if (!study || !this.ctx) return NO_IMPORTANCE;
    return importanceReport(study.spec.space, analysisTrials(this.shownFinished), this.ctx);
  });
  history = $derived(this.ctx ? optimizationHistory(analysisTrials(this.finished), this.ctx) : null);
  slices = $derived.by(() => (this.#view.study && this.ctx ? sliceData(this.#view.study.spec.space, analysisTrials(this.finished), this.ctx) : []));
  pair = $derived(contourPair(this.params, this.importance, this.picked));
  contour = $derived.by(() => {
    const study = this.#view.study;
    if (!study || !this.ctx || !this.pair) return null;
    return contourData(study.spec.space, analysisTrials(this.finished), this.pair[0], this.pair[1], this.ctx, { resolution: 24 });
  });

  /** Picking the other axis' parameter swaps the two rather than plotting a parameter against itself. */
  pickContour(axis: 'x' | 'y', name: string): void {
    const [x, y] = this.pair ?? [null, null];
    this.picked = axis === 'x' ? { x: name, y: name === y ? x : y } : { x: name === x ? y : x, y: name };
  }
}

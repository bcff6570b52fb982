import type { RunDto, StudyDetailDto } from '../../../../shared/contract';
import type { RunStatus } from '../../../../shared/domain/run';
import type { ApiClient } from '../api';
import { axisValue, parallelAxes } from '../charts/parallel-axes';
import { parseFilter } from './filter-expression';
import { assignColors } from './run-colors';
import { allColumns, defaultVisibleKeys, type RowContext, type RunColumn } from './study-view-columns';
import { brushRuns, filterRuns, hasBrush, NO_FILTERS, type AxisBrush, type Brush, type NumericRange, type RunFilters } from './study-view-filter';
import { budgetUsage, studyEtaSec } from '../../../../shared/analysis/budget';
import { applyEpoch, defaultCurveRunIds, pickBestRun, type EpochUpdate } from './study-view-live';
import { clickSelect, moveCursor, toggleAllVisible, type ClickModifiers } from './study-view-selection';
import { nextSort, sortRunsBy, type SortState } from './study-view-sort';
import { StudyAnalysis } from './study-view-analysis.svelte';
import { StudyCurves } from './study-view-curves.svelte';
import { StudyNotes } from './study-notes.svelte';

export type LoadPhase = 'loading' | 'loaded' | 'error';

/** Live events are applied in batches at this pace: a re-sort of 10k rows per epoch event would stutter. */
const FLUSH_MS = 250;
/** Above this many changed rows one runs.list is cheaper than one runs.get each. */
const REFETCH_ALL_ABOVE = 40;
/** More overlaid curves than this are unreadable; the rest of a big selection is named in the caption. */
export const MAX_CURVES = 12;

/**
 * Everything the study screen shows and the links between its views, in one place: filters and the
 * brush narrow the table and the curves; filters narrow the parallel coordinates (which shade the
 * brushed-out lines themselves); the selection drives the curves; one colour map paints a run the same
 * in the curves and the chart. The table's list runs sort → filter → brush, so a brush or a filter
 * change never re-sorts.
 */
export class StudyViewState {
  study = $state.raw<StudyDetailDto | null>(null);
  runs = $state.raw<RunDto[]>([]);
  phase = $state<LoadPhase>('loading');
  error = $state<string | null>(null);
  /** Final metric values per run, for metric columns (loaded when one is shown). */
  lastMetrics = $state.raw<Map<number, Record<string, number | null>>>(new Map());
  filters = $state.raw<RunFilters>(NO_FILTERS);
  brush = $state.raw<Brush>({});
  selection = $state.raw<Set<number>>(new Set());
  sort = $state.raw<SortState>([{ key: 'trial', dir: 'asc' }]);
  /** The table's keyboard cursor (the row arrow keys move and Enter opens). */
  activeRunId = $state<number | null>(null);
  /** null until the user changes the layout: the default follows the runs (new varying params appear). */
  chosenKeys = $state.raw<string[] | null>(null);
  now = $state(Date.now());
  /** The dataset's name for the header (the study stores its content hash); null until resolved. */
  datasetName = $state<string | null>(null);

  readonly curves: StudyCurves;
  readonly notes: StudyNotes;
  /** Importance, history, slices and contour, linked with the filter, brush and selection. */
  readonly analysis: StudyAnalysis;
  readonly #api: ApiClient;
  readonly #studyId: number;
  #anchor: number | null = null;
  #pendingEpochs: EpochUpdate[] = [];
  #pendingRunIds = new Set<number>();
  #studyChanged = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #loadedMetricNames = new Set<string>();

  constructor(api: ApiClient, studyId: number) {
    this.#api = api;
    this.#studyId = studyId;
    this.curves = new StudyCurves(api);
    this.notes = new StudyNotes(api, studyId);
    this.analysis = new StudyAnalysis(this);
  }

  columns: RunColumn[] = $derived.by(() => allColumns(this.study, this.runs, this.curves.metricNames));
  columnMap = $derived(new Map(this.columns.map((c) => [c.key, c])));
  visibleColumns: RunColumn[] = $derived.by(() =>
    (this.chosenKeys ?? defaultVisibleKeys(this.study, this.runs, this.notes.tags.size > 0))
      .map((k) => this.columnMap.get(k))
      .filter((c): c is RunColumn => c !== undefined),
  );
  ctx: RowContext = $derived.by(() => ({ lastMetrics: this.lastMetrics, now: this.now, tags: this.notes.tags }));
  sorted = $derived(
    sortRunsBy(
      this.runs,
      this.sort.flatMap((s) => {
        const column = this.columnMap.get(s.key);
        return column ? [{ column, dir: s.dir }] : [];
      }),
      this.ctx,
    ),
  );
  #objectiveMetric = $derived(this.study?.objectiveMetric ?? null);
  /** Why the filter text cannot be read (the table then ignores it), or null. */
  filterError = $derived(parseFilter(this.filters.text, this.columnMap, this.#objectiveMetric).error);
  /** What the parallel coordinates draw: unsorted, so a header click does not redraw 10k lines. */
  filtered = $derived(filterRuns(this.runs, this.filters, this.columnMap, this.ctx, this.#objectiveMetric));
  /** What the table lists. */
  tableRuns = $derived(brushRuns(filterRuns(this.sorted, this.filters, this.columnMap, this.ctx, this.#objectiveMetric), this.brush, axisValue));
  axes = $derived(parallelAxes(this.study, this.runs));
  /** Trials, epochs and training time spent against the spec's limits. */
  budget = $derived(this.study ? budgetUsage(this.study.spec.budget, this.runs, this.now) : null);
  /** Seconds until the study is done (running studies with something to go on), else null. */
  etaSec = $derived(this.study ? studyEtaSec(this.study, this.runs, this.now) : null);
  /** Best finished run, or the best running one while none has finished (bestSoFar tells which). */
  bestPick = $derived(this.study ? pickBestRun(this.runs, this.study.objectiveDirection) : null);
  best = $derived(this.bestPick?.run ?? null);
  bestSoFar = $derived(this.bestPick?.soFar ?? false);
  brushActive = $derived(hasBrush(this.brush));
  doneCount = $derived(this.runs.filter((r) => r.status === 'completed' || r.status === 'failed' || r.status === 'pruned' || r.status === 'cancelled').length);
  /** The best run among those the table shows (the curves' default pick follows the filter and brush). */
  shownBest = $derived(this.study ? (pickBestRun(this.tableRuns, this.study.objectiveDirection)?.run ?? null) : null);
  /**
   * Runs whose curves are drawn: the selection as the table shows it (filtered and brushed, in table
   * order); with nothing selected, the best shown run and the latest shown ones.
   */
  curveRunIds: number[] = $derived.by(() => {
    if (this.selection.size === 0) return defaultCurveRunIds(this.tableRuns, this.shownBest);
    return this.tableRuns.filter((r) => this.selection.has(r.id)).map((r) => r.id);
  });
  shownCurveIds = $derived(this.curveRunIds.slice(0, MAX_CURVES));
  #colors = new Map<number, string>();
  /** One colour per drawn run, shared by the curves and the parallel coordinates. */
  runColors: ReadonlyMap<number, string> = $derived.by(() => {
    this.#colors = assignColors(this.#colors, this.shownCurveIds);
    return this.#colors;
  });

  async load(): Promise<void> {
    try {
      const [study, runs] = await Promise.all([
        this.#api.call('studies.get', { id: this.#studyId }),
        this.#api.call('runs.list', { studyId: this.#studyId }),
      ]);
      this.study = study;
      this.runs = runs;
      this.sort = [{ key: 'objective', dir: study.objectiveDirection === 'minimize' ? 'asc' : 'desc' }];
      this.phase = 'loaded';
      this.error = null;
      void this.#resolveDatasetName(study.datasetId);
      void this.notes.load();
    } catch (err) {
      this.error = messageOf(err);
      this.phase = 'error';
    }
  }

  async #resolveDatasetName(datasetId: string): Promise<void> {
    try {
      const dataset = await this.#api.call('datasets.get', { id: datasetId });
      this.datasetName = dataset.name;
    } catch {
      // A deleted or built-in dataset: the header falls back to what the spec names.
      this.datasetName = null;
    }
  }

  /** Subscribes to live events of this study; returns the function that stops following. */
  follow(): () => void {
    const offs = [
      this.#api.on('run-updated', (e) => {
        if (e.studyId !== this.#studyId) return;
        this.#pendingRunIds.add(e.runId);
        this.#schedule();
      }),
      this.#api.on('epoch', (e) => {
        if (e.studyId !== this.#studyId) return;
        this.#pendingEpochs.push({ runId: e.runId, epoch: e.epoch, metrics: e.metrics });
        this.#schedule();
      }),
      this.#api.on('study-updated', (e) => {
        if (e.studyId !== this.#studyId) return;
        this.#studyChanged = true;
        this.#schedule();
      }),
    ];
    return () => {
      for (const off of offs) off();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
    };
  }

  // ── filters, brush, sort, columns ───────────────────────────────────────────

  setText(text: string): void {
    this.filters = { ...this.filters, text };
  }

  toggleStatus(status: RunStatus): void {
    const statuses = new Set(this.filters.statuses);
    if (statuses.has(status)) statuses.delete(status);
    else statuses.add(status);
    this.filters = { ...this.filters, statuses };
  }

  setRange(key: string, range: NumericRange): void {
    const ranges = { ...this.filters.ranges };
    if (range.min === null && range.max === null) delete ranges[key];
    else ranges[key] = range;
    this.filters = { ...this.filters, ranges };
  }

  clearFilters(): void {
    this.filters = NO_FILTERS;
  }

  setAxisBrush(axisKey: string, brush: AxisBrush): void {
    const next = { ...this.brush };
    if (brush.intervals.length === 0) delete next[axisKey];
    else next[axisKey] = brush;
    this.brush = next;
  }

  clearBrush(): void {
    this.brush = {};
  }

  /** A header click; `add` (shift-click) makes the column the next sort key. */
  sortBy(key: string, add = false): void {
    const preferred = key === 'objective' || key === 'final' ? (this.study?.objectiveDirection === 'maximize' ? 'desc' : 'asc') : 'asc';
    this.sort = nextSort(this.sort, key, preferred, add);
  }

  setVisibleKeys(keys: string[]): void {
    this.chosenKeys = keys;
    void this.#loadMetricColumns(keys);
  }

  // ── selection ───────────────────────────────────────────────────────────────

  click(runId: number, mods: ClickModifiers): void {
    const change = clickSelect(this.selection, this.tableRuns.map((r) => r.id), runId, this.#anchor, mods);
    this.selection = change.selection;
    this.#anchor = change.anchor;
  }

  toggleAll(): void {
    this.selection = toggleAllVisible(this.selection, this.tableRuns.map((r) => r.id));
  }

  select(ids: Iterable<number>): void {
    this.selection = new Set(ids);
  }

  /**
   * Arrow keys in the table: moves the cursor `delta` rows (±Infinity: first/last). With `extend`
   * (shift) the selection grows from the anchor like a shift-click; otherwise selection stays as it is.
   */
  moveActive(delta: number, extend = false): number | null {
    const ids = this.tableRuns.map((r) => r.id);
    const next = moveCursor(ids, this.activeRunId, delta);
    this.activeRunId = next;
    if (next !== null && extend) this.click(next, { shift: true, toggle: false });
    return next;
  }

  // ── commands ────────────────────────────────────────────────────────────────

  async pause(): Promise<void> {
    this.study = await this.#api.call('studies.pause', { id: this.#studyId });
  }

  async resume(): Promise<void> {
    this.study = await this.#api.call('studies.resume', { id: this.#studyId });
  }

  /** Adds a run main just created (a clone) without waiting for its run-updated event. */
  addRun(run: RunDto): void {
    if (!this.runs.some((r) => r.id === run.id)) this.runs = [...this.runs, run];
  }

  // ── live updates ────────────────────────────────────────────────────────────

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#flush();
    }, FLUSH_MS);
  }

  async #flush(): Promise<void> {
    const epochs = this.#pendingEpochs;
    const ids = [...this.#pendingRunIds];
    const studyChanged = this.#studyChanged;
    this.#pendingEpochs = [];
    this.#pendingRunIds.clear();
    this.#studyChanged = false;
    const study = this.study;
    if (!study) return;
    try {
      if (epochs.length > 0) this.#applyEpochs(epochs, study);
      if (ids.length > REFETCH_ALL_ABOVE) this.runs = await this.#api.call('runs.list', { studyId: this.#studyId });
      else if (ids.length > 0) this.#mergeRuns(await Promise.all(ids.map((runId) => this.#api.call('runs.get', { runId }))));
      if (studyChanged) this.study = await this.#api.call('studies.get', { id: this.#studyId });
      this.now = Date.now();
    } catch (err) {
      // A run or the study was deleted meanwhile; the next event brings a consistent view.
      this.error = messageOf(err);
    }
  }

  #applyEpochs(epochs: EpochUpdate[], study: StudyDetailDto): void {
    const index = new Map(this.runs.map((r, i) => [r.id, i]));
    const runs = this.runs.slice();
    const last = new Map(this.lastMetrics);
    for (const e of epochs) {
      const i = index.get(e.runId);
      if (i !== undefined) runs[i] = applyEpoch(runs[i]!, e, { metric: study.objectiveMetric, direction: study.objectiveDirection });
      last.set(e.runId, { ...last.get(e.runId), ...e.metrics });
      this.curves.applyEpoch(e);
    }
    this.runs = runs;
    this.lastMetrics = last;
  }

  #mergeRuns(fresh: RunDto[]): void {
    const index = new Map(this.runs.map((r, i) => [r.id, i]));
    const runs = this.runs.slice();
    for (const detail of fresh) {
      const row = pickRun(detail);
      const i = index.get(row.id);
      if (i === undefined) runs.push(row);
      else runs[i] = row;
    }
    this.runs = runs;
  }

  async #loadMetricColumns(keys: string[]): Promise<void> {
    const wanted = keys.filter((k) => k.startsWith('metric:')).map((k) => k.slice('metric:'.length));
    const missing = wanted.filter((n) => !this.#loadedMetricNames.has(n));
    if (missing.length === 0) return;
    for (const n of missing) this.#loadedMetricNames.add(n);
    try {
      const rows = await this.#api.call('runs.lastMetrics', { studyId: this.#studyId, names: missing });
      const last = new Map(this.lastMetrics);
      for (const { runId, metrics } of rows) last.set(runId, { ...last.get(runId), ...metrics });
      this.lastMetrics = last;
    } catch (err) {
      for (const n of missing) this.#loadedMetricNames.delete(n);
      this.error = messageOf(err);
    }
  }
}

/** runs.get answers a detail (stderr tail, exports…); the table keeps only the row's fields. */
function pickRun(d: RunDto): RunDto {
  return {
    id: d.id,
    studyId: d.studyId,
    trialNumber: d.trialNumber,
    status: d.status,
    seed: d.seed,
    backend: d.backend,
    params: d.params,
    epochsDone: d.epochsDone,
    bestEpoch: d.bestEpoch,
    bestObjective: d.bestObjective,
    finalObjective: d.finalObjective,
    error: d.error,
    startedAt: d.startedAt,
    endedAt: d.endedAt,
    parentRunId: d.parentRunId,
    attempt: d.attempt,
    stopRequest: d.stopRequest,
    rung: d.rung,
    stopReason: d.stopReason,
    trainedSec: d.trainedSec,
    attemptStartedAt: d.attemptStartedAt,
  };
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

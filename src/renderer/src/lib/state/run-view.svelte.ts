import type { AnnotationDto, ApiOutput, MetricPointDto, RunDetailDto, RunDto, StudyDetailDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { finalMetrics, seriesByName } from '../components/run/metric-groups';
import { errorMessage } from '../format';

/** Live epochs arrive fast; the page re-fetches at most this often. */
const REFRESH_MS = 700;

/**
 * One run's page: the run, its study, curves, confusion matrix, note and tags, and its neighbours in
 * trial order (for the previous/next keys), kept current from live events.
 */
export class RunViewState {
  run = $state.raw<RunDetailDto | null>(null);
  study = $state.raw<StudyDetailDto | null>(null);
  /** The study's runs in trial order (neighbours, the parent's trial number). */
  siblings = $state.raw<RunDto[]>([]);
  points = $state.raw<MetricPointDto[]>([]);
  confusion = $state.raw<ApiOutput<'runs.confusion'>>(null);
  annotation = $state.raw<AnnotationDto>({ note: '', tags: [] });
  studyTags = $state.raw<string[]>([]);
  phase = $state<'loading' | 'loaded' | 'error'>('loading');
  loadError = $state<string | null>(null);
  actionError = $state<string | null>(null);

  series = $derived(seriesByName(this.points));
  finals = $derived(finalMetrics(this.series.values()));
  live = $derived(this.run?.status === 'running' || this.run?.status === 'queued');
  parentTrial = $derived(this.siblings.find((r) => r.id === this.run?.parentRunId)?.trialNumber ?? null);
  #index = $derived(this.siblings.findIndex((r) => r.id === this.run?.id));
  previousTrial = $derived(this.#index > 0 ? this.siblings[this.#index - 1]!.trialNumber : null);
  nextTrial = $derived(this.#index >= 0 && this.#index < this.siblings.length - 1 ? this.siblings[this.#index + 1]!.trialNumber : null);

  readonly #api: ApiClient;
  readonly runId: number;

  constructor(api: ApiClient, runId: number) {
    this.#api = api;
    this.runId = runId;
  }

  async refresh(withStudy: boolean): Promise<void> {
    const api = this.#api;
    try {
      const [detail, metrics] = await Promise.all([api.call('runs.get', { runId: this.runId }), api.call('runs.metrics', { runId: this.runId })]);
      this.run = detail;
      this.points = metrics;
      if (withStudy || !this.study) {
        const [study, siblings, notes] = await Promise.all([
          api.call('studies.get', { id: detail.studyId }),
          api.call('runs.list', { studyId: detail.studyId }),
          api.call('annotations.list', { studyId: detail.studyId }),
        ]);
        this.study = study;
        this.siblings = siblings;
        this.annotation = notes.runs.find((r) => r.runId === this.runId) ?? { note: '', tags: [] };
        this.studyTags = [...new Set([...(notes.studies[0]?.tags ?? []), ...notes.runs.flatMap((r) => r.tags)])].sort();
      }
      // The matrix comes from the saved checkpoint: worth asking once the run has one.
      if (this.study!.task !== 'regression' && detail.canExport) this.confusion = await api.call('runs.confusion', { runId: this.runId });
      this.phase = 'loaded';
    } catch (err) {
      this.loadError = errorMessage(err);
      if (!this.run) this.phase = 'error';
    }
  }

  /** Follows this run's live events; returns the function that stops. */
  follow(): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void this.refresh(false);
      }, REFRESH_MS);
    };
    const offs = [this.#api.on('run-updated', (e) => e.runId === this.runId && later()), this.#api.on('epoch', (e) => e.runId === this.runId && later())];
    return () => {
      for (const off of offs) off();
      if (timer) clearTimeout(timer);
    };
  }

  async saveAnnotation(patch: Partial<AnnotationDto>): Promise<void> {
    this.annotation = await this.#api.call('annotations.setRun', { runId: this.runId, ...patch });
  }

  /** Runs `fn`, showing its error on the page instead of throwing. */
  async act<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.actionError = null;
    try {
      return await fn();
    } catch (err) {
      this.actionError = errorMessage(err);
      return undefined;
    }
  }

  rerun(): Promise<RunDto | undefined> {
    return this.act(() => this.#api.call('runs.clone', { runId: this.runId, seed: 'new' }));
  }

  cancel(): Promise<unknown> {
    return this.act(() => this.#api.call('runs.cancel', { runId: this.runId }));
  }
}

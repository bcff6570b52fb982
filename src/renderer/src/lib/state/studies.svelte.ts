import type { DatasetDto, StudySummaryDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';
import { throttled } from './throttle';

export type LoadPhase = 'loading' | 'loaded' | 'error';

/** Epoch events arrive several times a second per trial; the list is re-fetched at most this often. */
const REFRESH_MS = 700;

/** The Studies screen's data: every study, dataset names, trial budgets; kept current from live events. */
export class StudiesListState {
  studies = $state.raw<StudySummaryDto[]>([]);
  datasets = $state.raw<DatasetDto[]>([]);
  /** studyId → spec.budget.maxTrials (fetched once per study; a budget never changes). */
  budgets = $state.raw<Record<number, number | undefined>>({});
  phase = $state<LoadPhase>('loading');
  error = $state<string | null>(null);

  readonly #api: ApiClient;
  readonly #refresh = throttled(() => void this.load(), REFRESH_MS);
  readonly #budgetAsked = new Set<number>();

  constructor(api: ApiClient) {
    this.#api = api;
  }

  datasetName(datasetId: string): string {
    return this.datasets.find((d) => d.id === datasetId)?.name ?? datasetId.slice(0, 10);
  }

  async load(): Promise<void> {
    try {
      const [studies, datasets] = await Promise.all([this.#api.call('studies.list'), this.#api.call('datasets.list')]);
      this.studies = [...studies].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      this.datasets = datasets;
      this.error = null;
      this.phase = 'loaded';
      void this.#loadBudgets(studies);
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = 'error';
    }
  }

  follow(): () => void {
    const offs = [
      this.#api.on('study-updated', () => this.#refresh()),
      this.#api.on('run-updated', () => this.#refresh()),
    ];
    return () => {
      offs.forEach((off) => off());
      this.#refresh.cancel();
    };
  }

  async pause(id: number): Promise<void> {
    await this.#api.call('studies.pause', { id });
    await this.load();
  }

  async resume(id: number): Promise<void> {
    await this.#api.call('studies.resume', { id });
    await this.load();
  }

  async remove(id: number): Promise<void> {
    await this.#api.call('studies.delete', { id });
    this.studies = this.studies.filter((s) => s.id !== id);
  }

  async #loadBudgets(studies: StudySummaryDto[]): Promise<void> {
    const missing = studies.filter((s) => !this.#budgetAsked.has(s.id));
    missing.forEach((s) => this.#budgetAsked.add(s.id));
    const found = await Promise.all(
      missing.map((s) =>
        this.#api.call('studies.get', { id: s.id }).then(
          (d) => [s.id, d.spec.budget.maxTrials] as const,
          () => [s.id, undefined] as const,
        ),
      ),
    );
    if (found.length > 0) this.budgets = { ...this.budgets, ...Object.fromEntries(found) };
  }
}

import type { ApiOutput, DatasetDto, DatasetPreviewDto, StudySummaryDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';

export type SampleDto = ApiOutput<'datasets.samples'>[number];

/** Imported datasets and built-in samples (samples register under their `sample:` name once used). */
export class DatasetsState {
  datasets = $state.raw<DatasetDto[]>([]);
  samples = $state.raw<SampleDto[]>([]);
  /** Every study, to say which use a dataset before it is deleted. */
  studies = $state.raw<StudySummaryDto[]>([]);
  phase = $state<'loading' | 'loaded' | 'error'>('loading');
  error = $state<string | null>(null);

  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** User data only: a generated sample is listed with the samples, not as an import. */
  get imported(): DatasetDto[] {
    return this.datasets.filter((d) => !d.name.startsWith('sample:'));
  }

  async load(): Promise<void> {
    try {
      const [datasets, samples, studies] = await Promise.all([
        this.#api.call('datasets.list'),
        this.#api.call('datasets.samples'),
        this.#api.call('studies.list'),
      ]);
      this.datasets = [...datasets].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      this.samples = samples;
      this.studies = studies;
      this.error = null;
      this.phase = 'loaded';
    } catch (err) {
      this.error = errorMessage(err);
      this.phase = 'error';
    }
  }

  /** Names of the studies that use a dataset (it cannot be deleted while any does). */
  usedBy(datasetId: string): string[] {
    return this.studies.filter((s) => s.datasetId === datasetId).map((s) => s.name);
  }

  async rename(id: string, name: string): Promise<void> {
    const renamed = await this.#api.call('datasets.rename', { id, name });
    this.datasets = this.datasets.map((d) => (d.id === id ? renamed : d));
  }

  /** Deletes an unused dataset and its cache; resolves with the folders removed. */
  async remove(id: string): Promise<string[]> {
    const { removed } = await this.#api.call('datasets.delete', { id });
    this.datasets = this.datasets.filter((d) => d.id !== id);
    return removed;
  }
}

/** One dataset's preview; a newer request supersedes an older one still in flight. */
export class PreviewState {
  preview = $state.raw<DatasetPreviewDto | null>(null);
  loadingId = $state<string | null>(null);
  error = $state<string | null>(null);

  readonly #api: ApiClient;
  #latest = 0;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async load(id: string): Promise<void> {
    const ticket = ++this.#latest;
    this.loadingId = id;
    this.error = null;
    try {
      const preview = await this.#api.call('datasets.preview', { id, rows: 20, perClass: 8 });
      if (ticket === this.#latest) this.preview = preview;
    } catch (err) {
      if (ticket === this.#latest) {
        this.preview = null;
        this.error = errorMessage(err);
      }
    } finally {
      if (ticket === this.#latest) this.loadingId = null;
    }
  }

  clear(): void {
    this.#latest++;
    this.preview = null;
    this.error = null;
    this.loadingId = null;
  }
}

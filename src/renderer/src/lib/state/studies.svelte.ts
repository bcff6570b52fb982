import type { RunDto, StudySummaryDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';

export type LoadPhase = 'loading' | 'loaded' | 'error';

/** Epoch events arrive several times a second per trial; the list is re-fetched at most this often. */
const REFRESH_MS = 500;

/** The studies list and the selected study's runs, kept current from live run updates. */
export class StudiesState {
  studies = $state.raw<StudySummaryDto[]>([]);
  selectedStudyId = $state<number | null>(null);
  runs = $state.raw<RunDto[]>([]);
  phase = $state<LoadPhase>('loading');
  error = $state<string | null>(null);

  readonly #api: ApiClient;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get selectedStudy(): StudySummaryDto | undefined {
    return this.studies.find((s) => s.id === this.selectedStudyId);
  }

  async load(): Promise<void> {
    try {
      this.studies = await this.#api.call('studies.list');
      this.error = null;
      this.phase = 'loaded';
    } catch (err) {
      this.error = messageOf(err);
      this.phase = 'error';
    }
  }

  async select(studyId: number): Promise<void> {
    this.selectedStudyId = studyId;
    this.runs = [];
    await this.#loadRuns(studyId);
  }

  /** Follows live run updates; returns the function that stops following. */
  follow(): () => void {
    const off = this.#api.on('run-updated', () => this.#scheduleRefresh());
    return () => {
      off();
      if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    };
  }

  async #loadRuns(studyId: number): Promise<void> {
    try {
      const runs = await this.#api.call('runs.list', { studyId });
      // The user may have picked another study while this one loaded.
      if (this.selectedStudyId === studyId) this.runs = runs;
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  #scheduleRefresh(): void {
    if (this.#refreshTimer) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      void this.load();
      if (this.selectedStudyId !== null) void this.#loadRuns(this.selectedStudyId);
    }, REFRESH_MS);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

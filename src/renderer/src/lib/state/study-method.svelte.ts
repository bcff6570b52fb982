import type { RunGroupDto, EnsembleDto, StudyFitsDto, TestLookDto } from '../../../../shared/contract-analysis';
import type { FitDiagnosis } from '../../../../shared/analysis/fit-diagnosis';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';

/**
 * Refreshes wait at least this long after an event (a study in full swing sends many), and at least
 * LOAD_FACTOR × the last load's time: judging 10,000 runs' curves takes main seconds, which it must not
 * spend over and over while trials run.
 */
const REFRESH_MS = 800;
const LOAD_FACTOR = 5;

/**
 * What the study page shows of the method around the runs: fit diagnoses and their counts, seed
 * groups, ensembles and the looks at the test split. Fetched from main (which computes them from the
 * stored curves and runs), refreshed when the study's runs change.
 */
export class StudyMethodState {
  fits = $state.raw<StudyFitsDto | null>(null);
  groups = $state.raw<RunGroupDto[]>([]);
  ensembles = $state.raw<EnsembleDto[]>([]);
  looks = $state.raw<TestLookDto[]>([]);
  error = $state<string | null>(null);
  /** A diagnosis per run id, for the run table's badges. */
  fitByRun = $derived(new Map<number, FitDiagnosis>((this.fits?.runs ?? []).map((r) => [r.runId, r.diagnosis])));

  readonly #api: ApiClient;
  readonly #studyId: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastLoadMs = 0;

  constructor(api: ApiClient, studyId: number) {
    this.#api = api;
    this.#studyId = studyId;
  }

  async load(): Promise<void> {
    const id = this.#studyId;
    const started = performance.now();
    try {
      const [fits, groups, ensembles, looks] = await Promise.all([
        this.#api.call('studies.fits', { id }),
        this.#api.call('studies.groups', { id }),
        this.#api.call('ensembles.list', { studyId: id }),
        this.#api.call('studies.testLooks', { id }),
      ]);
      this.fits = fits;
      this.groups = groups;
      this.ensembles = ensembles;
      this.looks = looks;
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.#lastLoadMs = performance.now() - started;
    }
  }

  /** Re-fetches after the study's runs change (finished trials change fits, groups and the best). */
  follow(): () => void {
    const later = () => {
      this.#timer ??= setTimeout(
        () => {
          this.#timer = null;
          void this.load();
        },
        Math.max(REFRESH_MS, LOAD_FACTOR * this.#lastLoadMs),
      );
    };
    const offs = [
      this.#api.on('run-updated', (e) => e.studyId === this.#studyId && later()),
      this.#api.on('study-updated', (e) => e.studyId === this.#studyId && later()),
    ];
    return () => {
      for (const off of offs) off();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
    };
  }

  async createEnsemble(input: { top?: number; runIds?: number[]; greedy?: boolean }): Promise<EnsembleDto> {
    const created = await this.#api.call('ensembles.create', { studyId: this.#studyId, ...input });
    this.ensembles = [...this.ensembles.filter((e) => e.id !== created.id), created];
    return created;
  }

  async evaluateEnsemble(ensembleId: number, force: boolean): Promise<void> {
    await this.#api.call('ensembles.evaluate', { ensembleId, force });
    await this.load();
  }
}

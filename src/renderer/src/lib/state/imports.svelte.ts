import type { ApiInput, DatasetDto } from '../../../../shared/contract';
import type { ApiClient, StagedFile } from '../api';
import { errorMessage } from '../format';

export type ImportOptions = Omit<ApiInput<'datasets.import'>, 'path' | 'importId'>;

export interface ImportJob {
  id: string;
  /** What the user dropped or picked, as they know it (file or folder names). */
  label: string;
  phase: 'uploading' | 'reading' | 'encoding' | 'writing' | 'done' | 'error';
  done: number;
  total: number;
  unit: 'bytes' | 'rows' | 'files';
  error: string | null;
  dataset: DatasetDto | null;
  notes: string[];
}

let nextJobId = 1;
// A success toast needs no attention: it leaves on its own so it never covers charts for long.
const DONE_VISIBLE_MS = 6000;

/** Top-level names of a drop or pick ("iris.csv", "digits/"), for the progress line. */
export function labelOfStaged(files: readonly StagedFile[]): string {
  const tops = [...new Set(files.map((f) => (f.relativePath.includes('/') ? `${f.relativePath.split('/')[0]}/` : f.relativePath)))];
  if (tops.length === 0) return 'nothing';
  return tops.length <= 2 ? tops.join(', ') : `${tops[0]} and ${tops.length - 1} more`;
}

function labelOfDrop(dt: DataTransfer): string {
  const names = [...dt.files].map((f) => f.name);
  if (names.length === 0) return 'dropped files';
  return names.length <= 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
}

/**
 * Imports started anywhere (a drop on the window, the Datasets screen's pickers): staging (upload in
 * serve mode), then datasets.import per path, with progress from 'import-progress' events. One
 * instance for the app, so the progress bar follows the user across screens.
 */
export class ImportsState {
  jobs = $state.raw<ImportJob[]>([]);
  /** The newest dataset an import produced; screens that wait for a drop (New study) react to it. */
  lastImported = $state.raw<DatasetDto | null>(null);

  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get active(): ImportJob | undefined {
    return this.jobs.find((j) => j.phase !== 'done' && j.phase !== 'error');
  }

  follow(): () => void {
    return this.#api.on('import-progress', (p) => {
      this.#update(p.importId, { phase: p.phase, done: p.done, total: p.total, unit: p.unit });
    });
  }

  dismiss(id: string): void {
    this.jobs = this.jobs.filter((j) => j.id !== id);
  }

  /** Successful imports leave when the user moves on; running ones and errors stay. */
  dismissFinished(): void {
    if (this.jobs.some((j) => j.phase === 'done')) this.jobs = this.jobs.filter((j) => j.phase !== 'done');
  }

  /**
   * Must be called inside the drop handler, before any await: stageDrop reads the DataTransfer at once
   * (the browser empties it when the handler returns). Resolves with the imported datasets.
   */
  importDrop(dt: DataTransfer, options: ImportOptions = {}): Promise<DatasetDto[]> {
    const job = this.#start(labelOfDrop(dt));
    const staged = this.#api.stageDrop(dt, (sent, total) => this.#update(job.id, { phase: 'uploading', done: sent, total, unit: 'bytes' }));
    return this.#finish(job, staged, options);
  }

  importFiles(files: StagedFile[], options: ImportOptions = {}): Promise<DatasetDto[]> {
    const job = this.#start(labelOfStaged(files));
    const staged = this.#api.stageFiles(files, (sent, total) => this.#update(job.id, { phase: 'uploading', done: sent, total, unit: 'bytes' }));
    return this.#finish(job, staged, options);
  }

  #start(label: string): ImportJob {
    const job: ImportJob = { id: `import-${Date.now()}-${nextJobId++}`, label, phase: 'uploading', done: 0, total: 0, unit: 'bytes', error: null, dataset: null, notes: [] };
    // Finished jobs give way: only running ones and the latest outcome stay on screen.
    this.jobs = [...this.jobs.filter((j) => j.phase !== 'done'), job];
    return job;
  }

  async #finish(job: ImportJob, staged: Promise<string[]>, options: ImportOptions): Promise<DatasetDto[]> {
    const imported: DatasetDto[] = [];
    try {
      const paths = await staged;
      if (paths.length === 0) throw new Error('Nothing to import: drop a file or a folder (CSV, IDX, NumPy, an image folder or a .zip).');
      for (const path of paths) {
        this.#update(job.id, { phase: 'reading', done: 0, total: 0 });
        // Several paths share one job: events for any of them move its bar.
        const result = await this.#api.call('datasets.import', { ...options, path, importId: job.id });
        imported.push(result.dataset);
        this.#update(job.id, { notes: [...this.#job(job.id)?.notes ?? [], ...result.notes] });
      }
      this.#update(job.id, { phase: 'done', dataset: imported[imported.length - 1] ?? null });
      this.lastImported = imported[imported.length - 1] ?? null;
      // Success needs no attention for long; errors stay until dismissed.
      setTimeout(() => this.dismiss(job.id), DONE_VISIBLE_MS);
      return imported;
    } catch (err) {
      this.#update(job.id, { phase: 'error', error: errorMessage(err) });
      throw err;
    }
  }

  #job(id: string): ImportJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  #update(id: string, patch: Partial<ImportJob>): void {
    // A late progress event must not pull a finished job back to "reading".
    this.jobs = this.jobs.map((j) => (j.id === id && (j.phase !== 'done' && j.phase !== 'error' || patch.phase === undefined) ? { ...j, ...patch } : j));
  }
}

import type { AnnotationDto } from '../../../../shared/contract';
import type { ApiClient } from '../api';

const EMPTY: AnnotationDto = { note: '', tags: [] };

/** Notes and tags of one study and its runs (migration 004), kept in step with what main stored. */
export class StudyNotes {
  study = $state.raw<AnnotationDto>(EMPTY);
  runs = $state.raw<Map<number, AnnotationDto>>(new Map());
  error = $state<string | null>(null);
  /** Tags per run, for the table's Tags column, the filter and the CLI-like `tag = x` expressions. */
  tags = $derived(new Map([...this.runs].filter(([, a]) => a.tags.length > 0).map(([id, a]) => [id, a.tags] as const)));
  /** Every tag in use, for suggestions. */
  allTags = $derived([...new Set([...this.study.tags, ...[...this.runs.values()].flatMap((a) => a.tags)])].sort());

  readonly #api: ApiClient;
  readonly #studyId: number;

  constructor(api: ApiClient, studyId: number) {
    this.#api = api;
    this.#studyId = studyId;
  }

  of(runId: number): AnnotationDto {
    return this.runs.get(runId) ?? EMPTY;
  }

  async load(): Promise<void> {
    try {
      const all = await this.#api.call('annotations.list', { studyId: this.#studyId });
      this.study = all.studies[0] ?? EMPTY;
      this.runs = new Map(all.runs.map(({ runId, note, tags }) => [runId, { note, tags }]));
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  async saveStudy(patch: Partial<AnnotationDto>): Promise<void> {
    this.study = await this.#api.call('annotations.setStudy', { studyId: this.#studyId, ...patch });
  }

  async saveRun(runId: number, patch: Partial<AnnotationDto>): Promise<void> {
    const saved = await this.#api.call('annotations.setRun', { runId, ...patch });
    const next = new Map(this.runs);
    next.set(runId, saved);
    this.runs = next;
  }

  /** Adds `tag` to every run in `runIds` (the selection bar's "Tag"). */
  async tagRuns(runIds: readonly number[], tag: string): Promise<void> {
    for (const id of runIds) {
      const tags = this.of(id).tags;
      if (!tags.includes(tag)) await this.saveRun(id, { tags: [...tags, tag] });
    }
  }
}

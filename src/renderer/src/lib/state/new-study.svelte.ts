import type { SpecIssueDto } from '../../../../shared/contract';
import type { ModelTemplate, Task } from '../../../../shared/domain/hparams';
import type { BackendPreference } from '../../../../shared/domain/run';
import type { StudySpec } from '../../../../shared/domain/study-spec';
import { defaultSpace, directionFor, domainToRow, newRow, objectiveMetricsFor, rowToDomain, type SpaceRow } from './space-form';

/** What the form needs to know of the picked dataset. */
export interface DatasetChoice {
  /** What the spec's `dataset` field takes: a content hash, or `sample:<name>`. */
  ref: string;
  label: string;
  task: Task;
  kind: 'tabular' | 'image';
}

/** The New-study form's fields; `toSpec` turns them into the object studies.validateSpec/create take. */
export class NewStudyForm {
  name = $state('');
  /** True once the user typed a name: then picking a dataset no longer renames the study. */
  nameTouched = $state(false);
  dataset = $state.raw<DatasetChoice | null>(null);
  template = $state<ModelTemplate>('mlp');
  objectiveMetric = $state('val_loss');
  direction = $state<'minimize' | 'maximize'>('minimize');
  algorithm = $state<StudySpec['algorithm']>('random');
  /** Number inputs: bind:value stores a number (null when cleared); prefills store text. */
  seed = $state<string | number | null>('0');
  maxTrials = $state<string | number | null>('20');
  maxTimeMin = $state<string | number | null>('');
  concurrency = $state<string | number | null>('');
  backend = $state<BackendPreference>('auto');
  rows = $state<SpaceRow[]>(defaultSpace('mlp'));

  get task(): Task | undefined {
    return this.dataset?.task;
  }

  get metrics(): readonly string[] {
    return objectiveMetricsFor(this.task);
  }

  pickDataset(choice: DatasetChoice | null): void {
    this.dataset = choice;
    if (choice && choice.kind !== 'image' && this.template === 'cnn') this.setTemplate('mlp');
    if (choice && !this.metrics.includes(this.objectiveMetric)) this.setObjective('val_loss');
    if (!this.nameTouched) this.name = suggestName(this.template, choice);
  }

  setTemplate(template: ModelTemplate): void {
    if (template === this.template) return;
    this.template = template;
    // The other template's names would be rejected; start from that template's common practice.
    this.rows = defaultSpace(template);
    if (!this.nameTouched) this.name = suggestName(template, this.dataset);
  }

  setObjective(metric: string): void {
    this.objectiveMetric = metric;
    this.direction = directionFor(metric);
  }

  addRow(name: string): void {
    if (this.rows.some((r) => r.name === name)) return;
    this.rows = [...this.rows, newRow(this.template, name)];
  }

  removeRow(name: string): void {
    this.rows = this.rows.filter((r) => r.name !== name);
  }

  toSpec(): Record<string, unknown> {
    // bind:value on <input type="number"> hands back a number (null when empty), not the typed text.
    const num = (v: string | number | null | undefined) => {
      const s = v === null || v === undefined ? '' : String(v).trim();
      return s === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s;
    };
    const budget: Record<string, unknown> = {};
    const maxTrials = num(this.maxTrials);
    if (maxTrials !== undefined) budget.maxTrials = maxTrials;
    const maxTime = num(this.maxTimeMin);
    if (maxTime !== undefined) budget.maxTimeSec = typeof maxTime === 'number' ? Math.round(maxTime * 60) : maxTime;
    const spec: Record<string, unknown> = {
      name: this.name.trim(),
      dataset: this.dataset?.ref ?? '',
      template: this.template,
      objective: { metric: this.objectiveMetric, direction: this.direction },
      algorithm: this.algorithm,
      seed: num(this.seed) ?? 0,
      budget,
      backend: this.backend,
      space: Object.fromEntries(this.rows.map((r) => [r.name, rowToDomain(r, this.algorithm)])),
    };
    const concurrency = num(this.concurrency);
    if (concurrency !== undefined) spec.concurrency = concurrency;
    return spec;
  }

  /** A validated spec (a clone, a pasted YAML) → the form. The dataset is matched by the caller. */
  loadSpec(spec: StudySpec, dataset: DatasetChoice | null): void {
    this.name = spec.name;
    this.nameTouched = true;
    this.dataset = dataset;
    this.template = spec.template;
    this.objectiveMetric = spec.objective.metric;
    this.direction = spec.objective.direction;
    this.algorithm = spec.algorithm;
    this.seed = String(spec.seed);
    this.maxTrials = spec.budget.maxTrials !== undefined ? String(spec.budget.maxTrials) : '';
    this.maxTimeMin = spec.budget.maxTimeSec !== undefined ? String(Number((spec.budget.maxTimeSec / 60).toFixed(2))) : '';
    this.concurrency = spec.concurrency !== undefined ? String(spec.concurrency) : '';
    this.backend = spec.backend;
    this.rows = Object.entries(spec.space).map(([name, d]) => domainToRow(name, d));
  }
}

export function suggestName(template: ModelTemplate, dataset: DatasetChoice | null): string {
  const base = dataset ? dataset.label.replace(/^sample:/, '').replace(/\.[a-z0-9]+$/i, '') : 'study';
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${template}-${base}-${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** Issues by field: `space.dropout.high` → row dropout, field high; top-level paths as they are. */
export function issueAt(issues: readonly SpecIssueDto[], path: string): string | null {
  const hits = issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  return hits.length ? hits.map((i) => i.message).join('\n') : null;
}

/** Issues no field shows (YAML syntax, unknown top-level keys), so they are listed above the form. */
export function unplacedIssues(issues: readonly SpecIssueDto[], placed: readonly string[]): SpecIssueDto[] {
  // An entry ending in '.' ('space.') places everything under it.
  const under = (path: string, p: string) => (p.endsWith('.') ? path.startsWith(p) : path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  return issues.filter((i) => !placed.some((p) => under(i.path, p)));
}

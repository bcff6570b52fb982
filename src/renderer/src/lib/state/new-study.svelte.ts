import type { SpecIssueDto } from '../../../../shared/contract';
import type { ModelTemplate, Task } from '../../../../shared/domain/hparams';
import type { BackendPreference } from '../../../../shared/domain/run';
import type { PrunerType } from '../../../../shared/domain/search-options';
import type { StudySpec } from '../../../../shared/domain/study-spec';
import { formToSpec, specToFields, type DatasetChoice, type FormFields } from './new-study-spec';
import { defaultSearchFields, prunerOptionsFor, type NumberText, type SearchFields } from './search-form';
import { defaultSpace, directionFor, newRow, objectiveMetricsFor, type SpaceRow } from './space-form';

export type { DatasetChoice } from './new-study-spec';

/** The New-study form's fields; `toSpec` turns them into the object studies.validateSpec/create take. */
export class NewStudyForm implements FormFields {
  name = $state('');
  /** True once the user typed a name: then picking a dataset no longer renames the study. */
  nameTouched = $state(false);
  dataset = $state.raw<DatasetChoice | null>(null);
  template = $state<ModelTemplate>('mlp');
  objectiveMetric = $state('val_loss');
  direction = $state<'minimize' | 'maximize'>('minimize');
  /** Number inputs: bind:value stores a number (null when cleared); prefills store text. */
  seed = $state<NumberText>('0');
  maxTrials = $state<NumberText>('20');
  maxTimeMin = $state<NumberText>('');
  maxEpochs = $state<NumberText>('');
  concurrency = $state<NumberText>('');
  backend = $state<BackendPreference>('auto');
  rows = $state<SpaceRow[]>(defaultSpace('mlp'));
  /** Algorithm, sampler and pruner (deep state: the form binds to its fields). */
  search = $state<SearchFields>(defaultSearchFields());
  /** Spec keys the form does not show, kept from a loaded spec (task, maxAttempts, repeats). */
  carried = $state.raw<FormFields['carried']>({});

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

  setAlgorithm(algorithm: StudySpec['algorithm']): void {
    this.search.algorithm = algorithm;
    // A study seeded from another must be one TPE can read; other samplers take no options.
    if (algorithm !== 'tpe') this.search.warmStartStudy = null;
  }

  /** A pruner starts from its defaults, written into the boxes. */
  setPruner(type: PrunerType): void {
    this.search.pruner = type;
    this.search.prunerOptions = prunerOptionsFor(type);
  }

  addRow(name: string): void {
    if (this.rows.some((r) => r.name === name)) return;
    this.rows = [...this.rows, newRow(this.template, name)];
  }

  removeRow(name: string): void {
    this.rows = this.rows.filter((r) => r.name !== name);
  }

  toSpec(): Record<string, unknown> {
    return formToSpec(this);
  }

  /** A validated spec (a clone, a pasted YAML) → the form. The dataset is matched by the caller. */
  loadSpec(spec: StudySpec, dataset: DatasetChoice | null): void {
    Object.assign(this, specToFields(spec));
    this.nameTouched = true;
    this.dataset = dataset;
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

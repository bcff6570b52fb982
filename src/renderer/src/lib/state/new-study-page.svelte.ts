import YAML from 'yaml';
import type { SpecIssueDto } from '../../../../shared/contract';
import type { StudySpec } from '../../../../shared/domain/study-spec';
import type { ApiClient } from '../api';
import { errorMessage } from '../format';
import { DatasetsState } from './datasets.svelte';
import { NewStudyForm, unplacedIssues, type DatasetChoice } from './new-study.svelte';
import { debounced } from './throttle';
import { warmStartChoices, type WarmStartCandidate } from './warm-start-choices';

/** Studies read for the warm-start picker: the newest ones (each costs one studies.get). */
const WARM_START_STUDIES = 50;

/** Paths some field of the form shows; other issues are listed above it ('space.' places everything under it). */
const PLACED = ['name', 'dataset', 'template', 'task', 'objective', 'algorithm', 'sampler', 'pruner', 'seed', 'budget', 'concurrency', 'backend', 'space.'];

/**
 * The New-study screen's state around the form's fields (NewStudyForm): the Form/YAML tabs, validation
 * as the user types (debounced, latest answer wins), and creating the study. New spec fields (sampler,
 * pruner…) go into new-study-spec.ts (formToSpec, specToFields), and into PLACED when a field shows them.
 */
export class NewStudyPage {
  readonly form = new NewStudyForm();
  readonly datasets: DatasetsState;
  tab = $state<'form' | 'yaml'>('form');
  yamlText = $state('');
  issues = $state.raw<SpecIssueDto[]>([]);
  yamlSpec = $state.raw<StudySpec | null>(null);
  validating = $state(false);
  checkedOnce = $state(false);
  creating = $state(false);
  createError = $state<string | null>(null);
  switchError = $state<string | null>(null);
  ready = $state(false);
  /** Studies that might seed a TPE study, read when the algorithm first becomes tpe. */
  warmStartCandidates = $state.raw<WarmStartCandidate[] | null>(null);

  imported: DatasetChoice[] = $derived.by(() => this.datasets.imported.map((d) => ({ ref: d.id, label: d.name, task: d.task, kind: d.kind })));
  samples: DatasetChoice[] = $derived.by(() => this.datasets.samples.map((s) => ({ ref: s.name, label: s.name, task: s.task, kind: s.kind })));
  generalIssues = $derived(this.tab === 'yaml' ? this.issues : unplacedIssues(this.issues, PLACED));
  canStart = $derived(
    !this.creating &&
      !this.validating &&
      this.checkedOnce &&
      this.issues.length === 0 &&
      (this.tab === 'form' ? this.form.dataset !== null : this.yamlText.trim() !== ''),
  );

  /** The picker's studies, judged against the form as it stands. */
  warmStart = $derived(warmStartChoices(this.form, this.warmStartCandidates ?? []));

  readonly #api: ApiClient;
  #ticket = 0;
  readonly validateForm = debounced((spec: Record<string, unknown>) => void this.#validate({ spec }), 300);
  readonly validateYaml = debounced((yaml: string) => void this.#validate({ yaml }), 300);

  constructor(api: ApiClient) {
    this.#api = api;
    this.datasets = new DatasetsState(api);
  }

  /** Datasets, the default backend, then the prefill: a YAML text (clone, dropped spec) or a dataset. */
  async open(prefill: { fromYaml?: string; datasetId?: string }): Promise<void> {
    await this.datasets.load();
    try {
      this.form.backend = (await this.#api.call('settings.get')).backend;
    } catch {
      // the form's 'auto' stands
    }
    if (prefill.fromYaml) await this.loadYaml(prefill.fromYaml);
    else this.form.pickDataset(this.choiceFor(prefill.datasetId) ?? this.imported[0] ?? this.samples[0] ?? null);
    this.ready = true;
  }

  /** Reads the studies the warm-start picker offers (once). */
  async loadWarmStartCandidates(): Promise<void> {
    if (this.warmStartCandidates !== null) return;
    this.warmStartCandidates = [];
    try {
      const summaries = (await this.#api.call('studies.list')).slice(0, WARM_START_STUDIES);
      const details = await Promise.all(summaries.map((s) => this.#api.call('studies.get', { id: s.id })));
      this.warmStartCandidates = details.map((d) => ({ id: d.id, name: d.name, spec: d.spec, finished: d.runCounts.completed + d.runCounts.pruned + d.runCounts.failed }));
    } catch {
      // No picker entries: a study can still be named in the YAML tab.
      this.warmStartCandidates = [];
    }
  }

  /** A spec's or route's dataset reference → a choice: hash, name, or a sample registered under its hash. */
  choiceFor(ref: string | undefined): DatasetChoice | null {
    if (!ref) return null;
    const all = [...this.imported, ...this.samples];
    const direct = all.find((c) => c.ref === ref);
    if (direct) return direct;
    const registered = this.datasets.datasets.find((d) => d.id === ref || d.name === ref || d.id.startsWith(ref));
    if (!registered) return null;
    return all.find((c) => c.ref === registered.id || c.ref === registered.name) ?? null;
  }

  /** A dataset dropped on the window while the form is open becomes its dataset. */
  async pickImported(datasetId: string): Promise<void> {
    await this.datasets.load();
    this.form.pickDataset(this.choiceFor(datasetId));
  }

  async loadYaml(text: string): Promise<void> {
    this.yamlText = text;
    try {
      const checked = await this.#api.call('studies.validateSpec', { yaml: text });
      this.issues = checked.errors;
      if (checked.spec) {
        this.form.loadSpec(checked.spec, this.choiceFor(checked.spec.dataset));
        return;
      }
    } catch (err) {
      this.issues = [{ path: '', message: errorMessage(err) }];
    }
    this.tab = 'yaml'; // the text has problems the form cannot show: let the user fix them where they are
  }

  async #validate(input: { spec: Record<string, unknown> } | { yaml: string }): Promise<void> {
    const ticket = ++this.#ticket;
    this.validating = true;
    try {
      const result = await this.#api.call('studies.validateSpec', input);
      if (ticket !== this.#ticket) return;
      this.issues = result.errors;
      if ('yaml' in input) this.yamlSpec = result.spec;
    } catch (err) {
      if (ticket === this.#ticket) this.issues = [{ path: '', message: errorMessage(err) }];
    } finally {
      if (ticket === this.#ticket) {
        this.validating = false;
        this.checkedOnce = true;
      }
    }
  }

  setYaml(text: string): void {
    this.yamlText = text;
    this.validateYaml(text);
  }

  async showYaml(): Promise<void> {
    if (this.tab === 'yaml') return;
    try {
      this.yamlText = (await this.#api.call('studies.specYaml', { spec: this.form.toSpec() })).yaml;
      this.yamlSpec = null;
      this.issues = [];
    } catch {
      // The server writes YAML only for a valid spec; show the form's as it is, problems and all.
      this.yamlText = YAML.stringify(this.form.toSpec());
    }
    this.validateForm.cancel();
    this.tab = 'yaml';
    this.validateYaml(this.yamlText);
  }

  showForm(): void {
    if (this.tab === 'form') return;
    this.switchError = null;
    if (this.yamlText.trim() && !this.yamlSpec && this.issues.length > 0) {
      this.switchError = 'Fix the problems in the YAML first: the form can only show a spec that reads.';
      return;
    }
    if (this.yamlSpec) this.form.loadSpec(this.yamlSpec, this.choiceFor(this.yamlSpec.dataset));
    this.validateYaml.cancel();
    this.tab = 'form';
  }

  /** Creates and starts the study; resolves with its id, or null (the error is in createError). */
  async start(): Promise<number | null> {
    this.creating = true;
    this.createError = null;
    try {
      const study =
        this.tab === 'yaml'
          ? await this.#api.call('studies.create', { yaml: this.yamlText })
          : await this.#api.call('studies.create', { spec: this.form.toSpec() });
      return study.id;
    } catch (err) {
      this.createError = errorMessage(err);
      this.creating = false;
      return null;
    }
  }
}

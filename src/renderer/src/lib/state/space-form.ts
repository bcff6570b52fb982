import { ACTIVATIONS, hparamNamesFor, INITIALIZERS, LOSSES, OPTIMIZERS, PADDINGS, POOLINGS, SCHEDULES, hparamsSchemaFor, type ModelTemplate, type Task } from '../../../../shared/domain/hparams';
import type { Domain, ParamValue } from '../../../../shared/domain/space';
import type { StudySpec } from '../../../../shared/domain/study-spec';

/** The five domain kinds of a search space, as the editor offers them. */
export const DOMAIN_KINDS = ['fixed', 'choice', 'int', 'float', 'log-float'] as const;
export type DomainKind = (typeof DOMAIN_KINDS)[number];

/** One editor row: every field as typed, so a half-typed number survives until it is valid. */
export interface SpaceRow {
  name: string;
  kind: DomainKind;
  /** fixed */
  value: string;
  /** choice: comma-separated */
  values: string;
  low: string;
  high: string;
  /** int only (default 1) */
  step: string;
  /** int only: values spread over decades (Optuna's log=True; low ≥ 1, step 1) */
  log: boolean;
  /** float / log-float under grid search: how many points */
  gridPoints: string;
}

/** Values a categorical hyperparameter accepts (the editor suggests them). */
export const ENUM_VALUES: Record<string, readonly string[]> = {
  optimizer: OPTIMIZERS,
  activation: ACTIVATIONS,
  initializer: INITIALIZERS,
  lr_schedule: SCHEDULES,
  loss: LOSSES,
  padding: PADDINGS,
  pooling: POOLINGS,
  early_stopping: ['true', 'false'],
  es_restore_best: ['true', 'false'],
  batch_norm: ['true', 'false'],
};

/** Every hyperparameter a template understands (the same list the spec validator checks against). */
export const hparamNames = (template: ModelTemplate): string[] => hparamNamesFor(template);

/** The template's own default for a hyperparameter, as the trainer would use it when the space omits it. */
export function templateDefault(template: ModelTemplate, name: string): ParamValue | undefined {
  const defaults = hparamsSchemaFor(template).parse({}) as Record<string, ParamValue>;
  return defaults[name];
}

const row = (name: string, kind: DomainKind, fields: Partial<SpaceRow> = {}): SpaceRow => ({
  name,
  kind,
  value: '',
  values: '',
  low: '',
  high: '',
  step: '',
  log: false,
  gridPoints: '',
  ...fields,
});

/**
 * Starting spaces from common practice (Keras Tuner / Optuna examples, Bengio 2012): learning rate
 * log-uniform 1e-4..1e-1, power-of-two batch sizes and widths, dropout up to 0.5, a handful of
 * optimizers and activations, early stopping on so poor trials end early.
 */
export function defaultSpace(template: ModelTemplate): SpaceRow[] {
  const common = [
    row('learning_rate', 'log-float', { low: '0.0001', high: '0.1' }),
    row('batch_size', 'choice', { values: '32, 64, 128' }),
    row('optimizer', 'choice', { values: 'adam, sgd, rmsprop' }),
    row('dropout', 'float', { low: '0', high: '0.5' }),
  ];
  const model =
    template === 'mlp'
      ? [row('hidden_layers', 'int', { low: '1', high: '3' }), row('units', 'choice', { values: '32, 64, 128' }), row('activation', 'choice', { values: 'relu, tanh, elu' })]
      : [
          row('conv_blocks', 'int', { low: '1', high: '3' }),
          row('filters', 'choice', { values: '16, 32, 64' }),
          row('kernel_size', 'choice', { values: '3, 5' }),
          row('dense_units', 'choice', { values: '64, 128' }),
          row('activation', 'choice', { values: 'relu, elu' }),
        ];
  const training = [row('epochs', 'fixed', { value: '20' }), row('early_stopping', 'fixed', { value: 'true' }), row('es_patience', 'fixed', { value: '5' })];
  return [...common, ...model, ...training];
}

/** A row for a hyperparameter the user adds: fixed at the template's default, ready to widen. */
export function newRow(template: ModelTemplate, name: string): SpaceRow {
  const d = templateDefault(template, name);
  return row(name, 'fixed', { value: d === undefined ? '' : String(d) });
}

/** "64" → 64, "true" → true, "adam" → "adam": what a user means when typing into one box. */
export function parseScalar(text: string): ParamValue {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** Numbers stay numbers; anything else is sent as typed, so the validator names the field it breaks. */
const numberOrText = (text: string): number | string => {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
};

export function rowToDomain(r: SpaceRow, algorithm: StudySpec['algorithm']): Domain | Record<string, unknown> {
  switch (r.kind) {
    case 'fixed':
      return { type: 'fixed', value: parseScalar(r.value) };
    case 'choice':
      return { type: 'choice', values: r.values.split(',').map((v) => v.trim()).filter((v) => v !== '').map(parseScalar) };
    case 'int':
      return { type: 'int', low: numberOrText(r.low), high: numberOrText(r.high), ...(r.step.trim() ? { step: numberOrText(r.step) } : {}), ...(r.log ? { log: true } : {}) };
    case 'float':
    case 'log-float':
      return {
        type: r.kind,
        low: numberOrText(r.low),
        high: numberOrText(r.high),
        ...(algorithm === 'grid' && r.gridPoints.trim() ? { gridPoints: numberOrText(r.gridPoints) } : {}),
      };
  }
}

export function domainToRow(name: string, d: Domain): SpaceRow {
  switch (d.type) {
    case 'fixed':
      return row(name, 'fixed', { value: String(d.value) });
    case 'choice':
      return row(name, 'choice', { values: d.values.map(String).join(', ') });
    case 'int':
      return row(name, 'int', { low: String(d.low), high: String(d.high), step: d.step !== undefined && d.step !== 1 ? String(d.step) : '', log: d.log === true });
    case 'float':
    case 'log-float':
      return row(name, d.type, { low: String(d.low), high: String(d.high), gridPoints: d.gridPoints !== undefined ? String(d.gridPoints) : '' });
  }
}

/** Metrics a trainer reports per task; kept equal to src/main/core/search/objective-metrics.ts (a test checks). */
export const CLASSIFICATION_METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'val_precision', 'val_recall', 'val_f1'] as const;
export const REGRESSION_METRICS = ['loss', 'val_loss', 'mse', 'mae', 'val_mse', 'val_mae'] as const;

export function objectiveMetricsFor(task: Task | undefined): readonly string[] {
  if (task === 'regression') return REGRESSION_METRICS;
  return CLASSIFICATION_METRICS;
}

/** Losses and errors go down, scores go up. */
export const directionFor = (metric: string): 'minimize' | 'maximize' => (/loss|mse|mae/.test(metric) ? 'minimize' : 'maximize');

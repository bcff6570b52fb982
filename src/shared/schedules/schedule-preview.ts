import type { ZodType } from 'zod';
import { hparamsSchemaFor, totalEpochs, type ModelTemplate } from '../domain/hparams';
import { sampleDomain } from '../domain/sample-domain';
import type { ParamSet, ParamValue, SearchSpace } from '../domain/space';
import { mulberry32 } from '../random';
import { lrOfEpoch, phaseOf, type PhaseParams } from './phases';

/** The hyperparameters that shape the learning-rate curve. */
export const SCHEDULE_KEYS = [
  'epochs',
  'learning_rate',
  'lr_schedule',
  'lr_step_size',
  'lr_gamma',
  'lr_decay_rate',
  'lr_warmup_epochs',
  'lr_min',
  'finetune_epochs',
  'finetune_lr_factor',
] as const;

export interface SchedulePreview {
  /** One learning rate per epoch for each drawn configuration (one curve when nothing varies). */
  curves: number[][];
  /** Per epoch over the curves that reach it: the lowest and highest rate (the band to draw). */
  band: { min: number[]; max: number[] };
  /** Epochs of the longest curve. */
  epochs: number;
  /** Schedule keys that are ranges or choices in the space (the band's cause). */
  varying: string[];
  /** The first fine-tuning epoch of the first curve (transfer template), else null. */
  finetuneFrom: number | null;
  /** Things the curve cannot show, in words (plateau drops depend on the validation loss). */
  notes: string[];
}

/** Curves drawn for a band: enough to see its shape, few enough to draw at once. */
export const PREVIEW_SAMPLES = 24;
/** A preview of a 100,000-epoch schedule draws its first this-many epochs. */
export const PREVIEW_MAX_EPOCHS = 2000;

const isRange = (space: SearchSpace, key: string) => {
  const d = space[key];
  return d !== undefined && d.type !== 'fixed' && !(d.type === 'choice' && d.values.length === 1);
};

/**
 * The learning rate per epoch that a study's space gives, as a pure function of its schedule
 * hyperparameters (template defaults for those it leaves out). Keys that are ranges are sampled
 * (`samples` configurations, seeded), so the preview is a band; the math is the trainer's own
 * (lrOfEpoch), so the preview is what training will use. A value the schema refuses (a typo mid-edit)
 * falls back to the default, which the form's own validation reports.
 */
export function schedulePreview(template: ModelTemplate, space: SearchSpace, opts: { samples?: number; seed?: number } = {}): SchedulePreview {
  const schema = hparamsSchemaFor(template);
  const known = Object.keys(schema.shape);
  const keys = SCHEDULE_KEYS.filter((k) => known.includes(k));
  const varying = keys.filter((k) => isRange(space, k));
  const n = varying.length > 0 ? Math.max(1, opts.samples ?? PREVIEW_SAMPLES) : 1;
  const rng = mulberry32(opts.seed ?? 1);
  const defaults = schema.parse({}) as Record<string, ParamValue>;
  const curves: number[][] = [];
  let firstParams: PhaseParams | null = null;
  for (let i = 0; i < n; i++) {
    const point: ParamSet = {};
    for (const k of keys) {
      const domain = space[k];
      if (domain) point[k] = sampleDomain(domain, rng);
    }
    const params = scheduleParams(point, defaults, keys, schema.shape as Record<string, ZodType>);
    firstParams ??= params;
    const length = Math.min(totalEpochs(params), PREVIEW_MAX_EPOCHS);
    curves.push(Array.from({ length }, (_, e) => lrOfEpoch(params, e + 1)));
  }
  const epochs = Math.max(0, ...curves.map((c) => c.length));
  const min: number[] = [];
  const max: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const values = curves.filter((c) => e < c.length).map((c) => c[e]!);
    min.push(Math.min(...values));
    max.push(Math.max(...values));
  }
  const first = firstParams!;
  const notes: string[] = [];
  if (usesPlateau(space, defaults)) {
    notes.push('plateau: the rate drops by lr_plateau_factor when val_loss stalls for lr_plateau_patience epochs; shown without drops');
  }
  if (totalEpochs(first) > PREVIEW_MAX_EPOCHS) notes.push(`first ${PREVIEW_MAX_EPOCHS} epochs shown`);
  const finetuneFrom = phaseOf(first, first.epochs + 1) === 'finetune' && (first.finetune_epochs ?? 0) > 0 ? first.epochs + 1 : null;
  return { curves, band: { min, max }, epochs, varying, finetuneFrom, notes };
}

function usesPlateau(space: SearchSpace, defaults: Record<string, ParamValue>): boolean {
  const d = space.lr_schedule;
  if (!d) return defaults.lr_schedule === 'plateau';
  if (d.type === 'fixed') return d.value === 'plateau';
  return d.type === 'choice' && d.values.includes('plateau');
}

/** A drawn point → the schedule parameters; a value its field's schema refuses becomes the default. */
function scheduleParams(point: ParamSet, defaults: Record<string, ParamValue>, keys: readonly string[], fields: Record<string, ZodType>): PhaseParams {
  const out: Record<string, ParamValue> = {};
  for (const k of keys) {
    const v = point[k];
    out[k] = v !== undefined && fields[k]!.safeParse(v).success ? v : defaults[k]!;
  }
  return out as unknown as PhaseParams;
}

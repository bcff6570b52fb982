import { z } from 'zod';
import { baseModelRefSchema, type BaseModelRef } from './base-model';
import type { ParamSet } from './space';

/**
 * The hyperparameters a model template understands, flat and snake_case as users write them in a
 * study spec and see them in the run table. `resolveTrialConfig` turns a flat ParamSet (search point
 * merged over these defaults) into the structured TrialConfig the trainer consumes.
 */
export const TEMPLATES = ['mlp', 'cnn', 'transfer'] as const;
export type ModelTemplate = (typeof TEMPLATES)[number];

export const TASKS = ['binary', 'multiclass', 'regression'] as const;
export type Task = (typeof TASKS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'leaky_relu'] as const;
export const INITIALIZERS = ['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal'] as const;
export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine', 'plateau'] as const;
export const LOSSES = ['auto', 'binary_crossentropy', 'categorical_crossentropy', 'mse', 'mae', 'huber'] as const;
export const PADDINGS = ['same', 'valid'] as const;
export const POOLINGS = ['max', 'avg', 'none'] as const;

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);
const rate = z.number().min(0).max(1);

/** Flat hyperparameters shared by every template. */
const commonShape = {
  epochs: z.number().int().min(1).max(100_000).default(20),
  batch_size: z.number().int().min(1).max(1_000_000).default(32),
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  learning_rate: z.number().positive().max(100).default(1e-3),
  momentum: z.number().min(0).max(1).default(0.9),
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  epsilon: z.number().positive().default(1e-7),
  rho: z.number().min(0).max(1).default(0.9),
  lr_schedule: z.enum(SCHEDULES).default('constant'),
  lr_step_size: z.number().int().min(1).default(10),
  lr_gamma: z.number().positive().max(1).default(0.5),
  lr_decay_rate: z.number().positive().max(1).default(0.96),
  lr_warmup_epochs: z.number().int().min(0).default(0),
  lr_min: z.number().min(0).default(0),
  lr_plateau_patience: z.number().int().min(1).default(3),
  lr_plateau_factor: z.number().positive().max(1).default(0.5),
  early_stopping: bool.default(false),
  es_monitor: z.string().default('val_loss'),
  es_patience: z.number().int().min(1).default(5),
  es_min_delta: z.number().min(0).default(0),
  es_restore_best: bool.default(true),
  loss: z.enum(LOSSES).default('auto'),
  huber_delta: z.number().positive().default(1),
  activation: z.enum(ACTIVATIONS).default('relu'),
  initializer: z.enum(INITIALIZERS).default('glorot_uniform'),
  dropout: rate.max(0.95).default(0),
  batch_norm: bool.default(false),
  l1: z.number().min(0).default(0),
  l2: z.number().min(0).default(0),
};

const mlpShape = {
  ...commonShape,
  hidden_layers: z.number().int().min(0).max(64).default(2),
  units: z.number().int().min(1).max(65_536).default(64),
};

const cnnShape = {
  ...commonShape,
  conv_blocks: z.number().int().min(1).max(16).default(2),
  filters: z.number().int().min(1).max(4096).default(16),
  /** Each block multiplies the previous block's filters by this (the common 32→64 doubling is 2). */
  filters_growth: z.number().min(1).max(4).default(2),
  kernel_size: z.number().int().min(1).max(15).default(3),
  stride: z.number().int().min(1).max(8).default(1),
  padding: z.enum(PADDINGS).default('same'),
  pooling: z.enum(POOLINGS).default('max'),
  pool_size: z.number().int().min(1).max(8).default(2),
  dense_units: z.number().int().min(0).max(65_536).default(64),
};

/**
 * A study's base model (see base-model.ts) with a new head. Training has two phases: `epochs` epochs of
 * the head alone (every base layer frozen, the study's learning-rate schedule), then `finetune_epochs`
 * epochs with the base unfrozen except its first `freeze_layers` layers, at learning_rate ×
 * finetune_lr_factor. The common `dropout`, `activation`, `initializer`, `batch_norm`, `l1`, `l2` shape
 * the head.
 */
const transferShape = {
  ...commonShape,
  /** Top layers of the base model cut off before the head is added (1: its old output layer). */
  drop_top_layers: z.number().int().min(0).max(1000).default(1),
  /** Hidden units of the new head; 0 puts the output layer straight on the base's features. */
  head_units: z.number().int().min(0).max(65_536).default(64),
  /** Base layers (from the input, counting every layer) that stay frozen while fine-tuning. */
  freeze_layers: z.number().int().min(0).max(1000).default(0),
  /** Epochs of the second phase (0: the base is never unfrozen, only the head learns). */
  finetune_epochs: z.number().int().min(0).max(100_000).default(5),
  /** The fine-tuning learning rate as a fraction of learning_rate (fine-tuning wants a small one). */
  finetune_lr_factor: z.number().positive().max(1).default(0.1),
};

export const mlpHparamsSchema = z.object(mlpShape).strict();
export const cnnHparamsSchema = z.object(cnnShape).strict();
export const transferHparamsSchema = z.object(transferShape).strict();
export type MlpHparams = z.infer<typeof mlpHparamsSchema>;
export type CnnHparams = z.infer<typeof cnnHparamsSchema>;
export type TransferHparams = z.infer<typeof transferHparamsSchema>;

const SCHEMAS = { mlp: mlpHparamsSchema, cnn: cnnHparamsSchema, transfer: transferHparamsSchema } as const;
export const hparamsSchemaFor = (template: ModelTemplate) => SCHEMAS[template];

/** Names a template accepts; a spec naming anything else is rejected with this list in the message. */
export const hparamNamesFor = (template: ModelTemplate): string[] => Object.keys(hparamsSchemaFor(template).shape);

export type TrialConfig =
  | { template: 'mlp'; task: Task; seed: number; hparams: MlpHparams }
  | { template: 'cnn'; task: Task; seed: number; hparams: CnnHparams }
  | { template: 'transfer'; task: Task; seed: number; hparams: TransferHparams; base: BaseModelRef };

/**
 * Validates a flat ParamSet for a template and fills defaults. Throws a ZodError whose issue paths are
 * hyperparameter names, so callers can say "hyperparameter `dropout`: must be ≤ 0.95". The transfer
 * template also needs the study's base model; without one it throws a plain Error saying so.
 */
export function resolveTrialConfig(template: ModelTemplate, task: Task, seed: number, params: ParamSet, base?: BaseModelRef | null): TrialConfig {
  if (template === 'mlp') return { template, task, seed, hparams: mlpHparamsSchema.parse(params) };
  if (template === 'cnn') return { template, task, seed, hparams: cnnHparamsSchema.parse(params) };
  const hparams = transferHparamsSchema.parse(params);
  if (!base) throw new Error('template transfer: the study has no base model (spec key baseModel)');
  return { template, task, seed, hparams, base };
}

export const trialConfigSchema = z.discriminatedUnion('template', [
  z.object({ template: z.literal('mlp'), task: z.enum(TASKS), seed: z.number().int(), hparams: mlpHparamsSchema }),
  z.object({ template: z.literal('cnn'), task: z.enum(TASKS), seed: z.number().int(), hparams: cnnHparamsSchema }),
  z.object({ template: z.literal('transfer'), task: z.enum(TASKS), seed: z.number().int(), hparams: transferHparamsSchema, base: baseModelRefSchema }),
]);

/**
 * Epochs a trial of `template` with these params trains in all (early stopping or a pruner may end it
 * sooner): params as stored, where an absent key takes the template's default.
 */
export function plannedEpochsOf(template: ModelTemplate, params: Readonly<Record<string, unknown>>): number {
  const given = (key: 'epochs' | 'finetune_epochs'): number | undefined => {
    const v = params[key];
    return typeof v === 'number' && v >= 0 ? v : undefined;
  };
  const epochs = given('epochs') ?? commonShape.epochs.parse(undefined);
  return template === 'transfer' ? epochs + (given('finetune_epochs') ?? transferShape.finetune_epochs.parse(undefined)) : epochs;
}

/** Epochs a run trains in all: the transfer template adds its fine-tuning phase. */
export function totalEpochs(h: { epochs: number; finetune_epochs?: number }): number {
  return h.epochs + (h.finetune_epochs ?? 0);
}

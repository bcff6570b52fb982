import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * `state.json` of a checkpoint: what the model bundle next to it does not hold. Written by the trainer,
 * read by the trainer on resume and by main for the run page (the confusion matrix). Parsed with zod
 * so a truncated or foreign file is refused with its path instead of resuming half-restored.
 */
export const CHECKPOINT_STATE_VERSION = 2 as const;
export const STATE_JSON = 'state.json';
export const OPTIMIZER_BIN = 'optimizer.bin';

const weightSpecSchema = z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() }).loose();

const stateShape = {
  /** Epoch whose end this checkpoint captures (1-based); a resume continues at epoch + 1. */
  epoch: z.number().int().min(1),
  /**
   * Random streams are keyed by (seed, epoch) — see random.ts — so their position is `epoch` itself;
   * the seed is recorded to refuse resuming under a different one.
   */
  seed: z.number().int(),
  optimizer: z.object({ className: z.string(), weightSpecs: z.array(weightSpecSchema) }),
  schedule: z.object({ lr: z.number(), best: z.number().nullable(), wait: z.number().int() }),
  earlyStopping: z.object({ bestValue: z.number().nullable(), bestEpoch: z.number().int().min(0), wait: z.number().int().min(0) }),
  history: z.array(z.record(z.string(), z.number())),
  /** Validation confusion matrix at this epoch (rows = true class), for the final report. */
  valConfusion: z.array(z.array(z.number())).optional(),
};

/**
 * Version 2 adds `phase`: which layers were trainable and which optimizer the slots belong to (a
 * transfer-learning run trains its head, then fine-tunes with a fresh optimizer). Version 1 checkpoints
 * come from single-phase templates only, so they migrate as phase 'train'. A newer version is refused
 * by `describeStateProblem` with a message saying so, not misread.
 */
const v2Schema = z.object({ version: z.literal(CHECKPOINT_STATE_VERSION), phase: z.enum(['train', 'head', 'finetune']), ...stateShape });
const v1Schema = z.object({ version: z.literal(1), ...stateShape }).transform((s) => ({ ...s, version: 2 as const, phase: 'train' as const }));
export const checkpointStateSchema = z.union([v2Schema, v1Schema]);
export type CheckpointState = z.output<typeof v2Schema>;

/** Why `raw` is not a checkpoint state this version can read, in words; null when it is. */
export function describeStateProblem(raw: unknown): string | null {
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > CHECKPOINT_STATE_VERSION) {
    return `written by a newer HParam Studio (checkpoint state v${version}, this app reads up to v${CHECKPOINT_STATE_VERSION})`;
  }
  const parsed = checkpointStateSchema.safeParse(raw);
  return parsed.success ? null : `invalid checkpoint state (${parsed.error.issues[0]?.message})`;
}

/** The state of the checkpoint in `dir`, or null when it is missing, unreadable or not ours. */
export function readCheckpointState(dir: string): CheckpointState | null {
  try {
    const parsed = checkpointStateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, STATE_JSON), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * `state.json` of a checkpoint: what the model bundle next to it does not hold. Written by the trainer,
 * read by the trainer on resume and by main for the run page (the confusion matrix). Parsed with zod
 * so a truncated or foreign file is refused with its path instead of resuming half-restored.
 */
export const CHECKPOINT_STATE_VERSION = 1;
export const STATE_JSON = 'state.json';
export const OPTIMIZER_BIN = 'optimizer.bin';

const weightSpecSchema = z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() }).loose();

export const checkpointStateSchema = z.object({
  version: z.literal(CHECKPOINT_STATE_VERSION),
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
});
export type CheckpointState = z.infer<typeof checkpointStateSchema>;

/** The state of the checkpoint in `dir`, or null when it is missing, unreadable or not ours. */
export function readCheckpointState(dir: string): CheckpointState | null {
  try {
    const parsed = checkpointStateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, STATE_JSON), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

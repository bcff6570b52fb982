import type { HostToTrainer, TrainerToHost } from '../../../shared/trainer-protocol';

/**
 * The seam between the scheduler and wherever a trial's process runs: Node child_process (CLI, serve
 * mode, tests), Electron utilityProcess (desktop), later remote workers. One trial per process, so TF
 * memory goes back to the OS when the trial ends.
 */
export type ExitReason = 'clean-exit' | 'crashed' | 'oom' | 'killed' | 'launch-failed';

export interface TrainerExit {
  reason: ExitReason;
  code: number | null;
  signal: string | null;
  /** Last lines the process wrote to stderr (and stdout), for the run's error report. */
  stderrTail: string;
}

export interface TrainerProcess {
  readonly pid: number | undefined;
  send(msg: HostToTrainer): void;
  onMessage(listener: (msg: unknown) => void): void;
  /** Fires exactly once, whatever way the process ended. */
  onExit(listener: (exit: TrainerExit) => void): void;
  /** Asks politely (stop 'now'), then kills after graceMs. Safe to call twice or after exit. */
  stop(graceMs: number): void;
  kill(): void;
}

export interface LaunchOptions {
  runId: number;
  /** Extra environment for the trainer (tests inject faults with HPS_TRAINER_FAULT). */
  env?: Record<string, string>;
  /** V8 heap cap for the trainer, so a runaway trial dies alone instead of swapping the machine. */
  maxOldSpaceMb?: number;
}

export interface Launcher {
  launch(opts: LaunchOptions): TrainerProcess;
}

/** Messages a trainer sends, typed; re-exported for launchers. */
export type { TrainerToHost };

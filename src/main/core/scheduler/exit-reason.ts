import type { ExitReason } from './launcher';

/**
 * Classifies how a trainer process ended. V8 heap exhaustion aborts (SIGABRT / 134) after printing
 * "JavaScript heap out of memory"; the kernel OOM killer sends SIGKILL; both are reported as 'oom' so the
 * run's error says what to change (batch size, model size) instead of a bare signal.
 */
export function classifyExit(code: number | null, signal: string | null, stderrTail: string, killedByHost: boolean): ExitReason {
  if (/heap out of memory|Allocation failed|out of memory/i.test(stderrTail)) return 'oom';
  if (killedByHost) return 'killed';
  if (code === 0 && !signal) return 'clean-exit';
  return 'crashed';
}

import { trainerToHostSchema, TRAINER_PROTOCOL_VERSION, type TrainerToHost } from '../../../shared/trainer-protocol';
import type { Launcher } from '../scheduler/launcher';

export type GpuProbeResult = Extract<TrainerToHost, { type: 'probe-result' }>;
/** Finds the GPU backends a trainer can load here; resolves (never rejects) once; `signal` ends it early. */
export type GpuProbe = (signal?: AbortSignal) => Promise<GpuProbeResult>;

/** Long enough for a cold start on a loaded machine plus Dawn's device creation and first shaders. */
const PROBE_TIMEOUT_MS = 90_000;

/**
 * Asks a trainer process, started by the same launcher that starts trials (child process in Node, utility
 * process in Electron), which GPU backends load: so the answer holds for the trials themselves, and a GPU
 * driver that crashes on load takes down that process, not the app. Run id 0 marks it as no run's.
 */
export function trainerGpuProbe(launcher: Launcher, timeoutMs = PROBE_TIMEOUT_MS): GpuProbe {
  return (signal) =>
    new Promise((resolve) => {
      const failed = (reason: string): GpuProbeResult => ({ type: 'probe-result', webgpu: { adapter: null, reason }, tensorflowGpu: { installed: false }, tensorflow: { installed: false } });
      let answer: GpuProbeResult | null = null;
      let failure: string | null = null;
      const proc = launcher.launch({ runId: 0 });
      const timer = setTimeout(() => {
        failure = `the GPU probe did not answer within ${timeoutMs / 1000} s`;
        proc.kill();
      }, timeoutMs);
      proc.onMessage((raw) => {
        const parsed = trainerToHostSchema.safeParse(raw);
        if (!parsed.success) return;
        if (parsed.data.type === 'probe-result') answer = parsed.data;
        if (parsed.data.type === 'failed') failure = `the GPU probe failed: ${parsed.data.message}`;
      });
      proc.onExit((exit) => {
        clearTimeout(timer);
        if (answer) return resolve(answer);
        const tail = exit.stderrTail.trim().split('\n').at(-1) ?? '';
        resolve(failed(failure ?? `the GPU probe process ended (${exit.reason}${exit.signal ? `, ${exit.signal}` : ''})${tail ? `: ${tail}` : ''}`));
      });
      signal?.addEventListener('abort', () => {
        failure = 'the GPU probe was cancelled (the app is closing)';
        proc.kill();
      });
      proc.send({ type: 'probe', protocol: TRAINER_PROTOCOL_VERSION });
    });
}

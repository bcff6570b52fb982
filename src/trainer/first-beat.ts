/**
 * Imported first by the trainer entry, so it runs before anything heavy loads (zod, tfjs, a backend):
 * the host hears from the process as soon as it exists, and keeps hearing from it at a default period
 * until the start message sets the period the host asked for. (A synchronous load still delays the
 * beats that follow; the host allows for that until the trainer says 'ready'.)
 */
import { connectToParent, type ParentChannel } from './channel';

const BOOT_PERIOD_MS = 1000;

export interface Heartbeat {
  readonly channel: ParentChannel | null;
  /** Beats every `periodMs` from now on (the start message's heartbeat period / 3). */
  retime(periodMs: number): void;
  /** Silence (test-only hang fault; the process is about to exit anyway otherwise). */
  stop(): void;
}

function startHeartbeat(): Heartbeat {
  const channel = connectToParent();
  let timer: NodeJS.Timeout | null = null;
  const beat = (): void => channel?.send({ type: 'heartbeat', at: Date.now() });
  const every = (ms: number): void => {
    if (timer) clearInterval(timer);
    timer = channel ? setInterval(beat, ms) : null;
  };
  beat();
  every(BOOT_PERIOD_MS);
  return {
    channel,
    retime: (periodMs) => every(Math.max(10, periodMs)),
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export const heartbeat: Heartbeat = startHeartbeat();

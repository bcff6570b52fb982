import type { Launcher, LaunchOptions, TrainerExit, TrainerProcess } from '../../src/main/core/scheduler/launcher';
import { TRAINER_PROTOCOL_VERSION, type HostToTrainer } from '../../src/shared/trainer-protocol';

/**
 * Trainers that finish at once (ready, one epoch with its checkpoint, done, exit), each step on its own
 * turn of the event loop as messages from a real process would arrive: what is left to measure is the
 * host's own cost per trial. Records when each trial was launched and when its process ended.
 */
export class InstantLauncher implements Launcher {
  readonly launchedAt: number[] = [];
  readonly exitedAt: number[] = [];

  launch(_opts: LaunchOptions): TrainerProcess {
    this.launchedAt.push(performance.now());
    const messageListeners: ((m: unknown) => void)[] = [];
    const exitListeners: ((e: TrainerExit) => void)[] = [];
    const exit = (): void => {
      this.exitedAt.push(performance.now());
      for (const l of exitListeners) l({ reason: 'clean-exit', code: 0, signal: null, stderrTail: '' });
    };
    const emit = (m: unknown) => new Promise<void>((resolve) => setImmediate(() => (messageListeners.forEach((l) => l(m)), resolve())));
    return {
      pid: 1,
      send(msg: HostToTrainer) {
        if (msg.type !== 'start') return;
        void (async () => {
          await emit({ type: 'ready', protocol: TRAINER_PROTOCOL_VERSION, pid: 1, backend: 'cpu', backendNotes: [], fallbacks: [] });
          await emit({ type: 'epoch', epoch: 1, metrics: { loss: 0.5, val_loss: 0.5 + Math.random() }, wallTime: Date.now(), checkpoint: { path: `${msg.runDir}/checkpoints/epoch-1`, isBest: true } });
          await emit({ type: 'done', epochsDone: 1, bestEpoch: 1, stoppedBy: 'completed', finalCheckpoint: `${msg.runDir}/checkpoints/epoch-1` });
          setImmediate(exit);
        })();
      },
      onMessage: (l) => void messageListeners.push(l),
      onExit: (l) => void exitListeners.push(l),
      stop: () => undefined,
      kill: () => undefined,
    };
  }
}

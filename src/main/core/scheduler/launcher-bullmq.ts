import type { RemotePool } from '../remote/remote-pool';
import type { Launcher, LaunchOptions, TrainerProcess } from './launcher';
import { RemoteTrainerProcess } from './remote-trainer-process';

/**
 * Trials on remote workers through a BullMQ queue on Redis: the launcher beside the Node and Electron
 * ones. Each launch is one job (id = run id + attempt) whose worker speaks the same trainer protocol,
 * relayed through Redis, so retries, stored intent, heartbeats and attempts work as for local trials.
 */
export class BullmqLauncher implements Launcher {
  constructor(
    private readonly pool: RemotePool,
    /** The study of a run: it rides along with the job, for the workers' listing. */
    private readonly studyOf: (runId: number) => number,
  ) {}

  launch(opts: LaunchOptions): TrainerProcess {
    return new RemoteTrainerProcess(this.pool, this.studyOf(opts.runId));
  }
}

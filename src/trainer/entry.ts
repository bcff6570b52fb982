/**
 * Trainer process entry (bundled to out/node/trainer.js; forked by the host with child_process.fork,
 * or utilityProcess.fork in Electron). One process trains one trial:
 *   host → start → trainer: ready, heartbeat…, epoch/checkpoint…, done | failed → exit 0 | 1
 * A 'stop' with mode 'now' exits at once; 'epoch-end' finishes the epoch, checkpoints and reports done.
 * If the host goes away the process exits: an orphaned trainer would hold memory and a GPU for nothing.
 */
// First: the heartbeat starts before any other module loads.
import { heartbeat } from './first-beat';
import { hostToTrainerSchema, trainerToHostSchema, TRAINER_PROTOCOL_VERSION, type EvaluateMessage, type StartMessage, type TrainerToHost } from '../shared/trainer-protocol';
import type { ParentChannel } from './channel';
import { faultHook, parseFault } from './fault-injection';
import { isEnvironmentError } from './environment-error';
import type { StopReason } from './training/train-loop';

function main(): void {
  const channel = heartbeat.channel;
  if (!channel) {
    process.stderr.write('hparam-studio trainer: no parent channel; this process is started by HParam Studio, not by hand\n');
    process.exit(2);
  }
  const trainer = new TrainerProcess(channel);
  channel.onDisconnect(() => process.exit(1));
  channel.onMessage((raw) => trainer.receive(raw));
}

class TrainerProcess {
  private stopRequest: StopReason | null = null;
  private started = false;
  /** Verdicts by epoch, and who waits for one (see the start message's `verdicts`). */
  private readonly verdicts = new Map<number, StopReason | null>();
  private awaitingVerdict: { epoch: number; resolve: () => void } | null = null;

  constructor(private readonly channel: ParentChannel) {}

  /** Every outgoing message is checked against the protocol: a bad field fails here, with a stack, not in the host. */
  send(msg: TrainerToHost): void {
    this.channel.send(trainerToHostSchema.parse(msg));
  }

  receive(raw: unknown): void {
    const parsed = hostToTrainerSchema.safeParse(raw);
    if (!parsed.success) {
      this.send({ type: 'log', level: 'warn', message: `trainer ignored a malformed host message: ${parsed.error.issues[0]?.message}` });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'stop') {
      if (msg.mode === 'now') process.exit(0);
      this.stopRequest ??= msg.reason;
      return;
    }
    if (msg.type === 'continue') {
      // Not yet carried out (it is read at the next epoch boundary): the trial simply goes on.
      this.stopRequest = null;
      return;
    }
    if (msg.type === 'verdict') {
      this.verdicts.set(msg.epoch, msg.stop);
      if (this.awaitingVerdict?.epoch === msg.epoch) this.awaitingVerdict.resolve();
      return;
    }
    if (this.started) {
      this.send({ type: 'log', level: 'warn', message: `trainer ignored a second '${msg.type}' message` });
      return;
    }
    this.started = true;
    void this.run(msg);
  }

  private async run(msg: StartMessage | EvaluateMessage): Promise<void> {
    try {
      if (msg.protocol !== TRAINER_PROTOCOL_VERSION) {
        throw new Error(`host speaks trainer protocol v${msg.protocol}, this trainer v${TRAINER_PROTOCOL_VERSION}`);
      }
      heartbeat.retime(Math.floor(msg.heartbeatMs / 3));
      const fault = parseFault(process.env.HPS_TRAINER_FAULT);
      // Loaded lazily: tfjs and its backends are heavy, and a malformed start should fail fast.
      const { initBackend } = await import('./backends/init-backend');
      const backend = await initBackend(msg.backend, { threads: msg.type === 'start' ? msg.threads : 1 });
      // After the backend is chosen (its load failures are read from tfjs warnings): production mode
      // drops tfjs's debug checks and its "install tfjs-node" banner from every trial's log.
      (await import('@tensorflow/tfjs-core')).enableProdMode();
      // Slow paths this trial's model takes on this backend: recorded with the backend's own fallbacks.
      const { slowPathsFor } = await import('./backends/slow-paths');
      const slowPaths = slowPathsFor(msg.config, backend.backend);
      for (const message of slowPaths) this.send({ type: 'log', level: 'warn', message: `slow path: ${message}` });
      this.send({ type: 'ready', protocol: TRAINER_PROTOCOL_VERSION, pid: process.pid, backend: backend.backend, backendNotes: backend.notes, fallbacks: [...backend.fallbacks, ...slowPaths] });
      if (msg.type === 'evaluate') {
        const { evaluateOnTest } = await import('./evaluate-on-test');
        this.send({ type: 'evaluation', ...(await evaluateOnTest(msg)) });
      } else {
        const { runTrial } = await import('./run-trial');
        await runTrial(msg, {
          send: (m) => this.send(m),
          shouldStop: () => this.stopRequest,
          beforeEpoch: fault ? faultHook(fault, () => heartbeat.stop()) : undefined,
          afterEpoch: msg.verdicts ? (epoch) => this.verdictOn(epoch) : undefined,
        });
      }
      await this.finish(0);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const retryable = isEnvironmentError(err);
      try {
        this.send({ type: 'failed', message: error.message, stack: error.stack, retryable });
      } catch {
        this.channel.send({ type: 'failed', message: String(error.message), retryable });
      }
      await this.finish(1);
    }
  }

  /** Waits for the host's verdict on `epoch`; a stop verdict is carried out at this epoch boundary. */
  private async verdictOn(epoch: number): Promise<void> {
    if (!this.verdicts.has(epoch)) await new Promise<void>((resolve) => (this.awaitingVerdict = { epoch, resolve }));
    this.awaitingVerdict = null;
    const stop = this.verdicts.get(epoch) ?? null;
    this.verdicts.delete(epoch);
    if (stop) this.stopRequest ??= stop;
  }

  private async finish(code: number): Promise<never> {
    heartbeat.stop();
    await this.channel.flush();
    process.exit(code);
  }
}

main();

/**
 * Trainer process entry (bundled to out/node/trainer.js; forked by the host with child_process.fork,
 * or utilityProcess.fork in Electron). One process trains one trial:
 *   host → start → trainer: ready, heartbeat…, epoch/checkpoint…, done | failed → exit 0 | 1
 *   host → evaluate | ensemble → trainer: ready, heartbeat…, evaluation | ensemble-result | failed → exit
 * A 'stop' with mode 'now' exits at once; 'epoch-end' finishes the epoch, checkpoints and reports done.
 * If the host goes away the process exits: an orphaned trainer would hold memory and a GPU for nothing.
 */
// First: the heartbeat starts before any other module loads.
import { heartbeat } from './first-beat';
import { hostToTrainerSchema, trainerToHostSchema, TRAINER_PROTOCOL_VERSION, type EnsembleMessage, type EvaluateMessage, type ProbeMessage, type StartMessage, type TrainerToHost } from '../shared/trainer-protocol';
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
  private finishing = false;
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
    if (msg.type === 'probe') void this.probe(msg);
    else void this.run(msg);
  }

  /** Which GPU backends load here; the host asks once, then this process exits. */
  private async probe(msg: ProbeMessage): Promise<void> {
    if (msg.protocol !== TRAINER_PROTOCOL_VERSION) {
      this.send({ type: 'failed', message: `host speaks trainer protocol v${msg.protocol}, this trainer v${TRAINER_PROTOCOL_VERSION}`, retryable: false });
      return this.finish(1);
    }
    const { probeGpus } = await import('./probe-gpus');
    this.send(await probeGpus());
    await this.finish(0);
  }

  private async run(msg: StartMessage | EvaluateMessage | EnsembleMessage): Promise<void> {
    try {
      if (msg.protocol !== TRAINER_PROTOCOL_VERSION) {
        throw new Error(`host speaks trainer protocol v${msg.protocol}, this trainer v${TRAINER_PROTOCOL_VERSION}`);
      }
      heartbeat.retime(Math.floor(msg.heartbeatMs / 3));
      const fault = parseFault(process.env.HPS_TRAINER_FAULT);
      // Loaded lazily: tfjs and its backends are heavy, and a malformed start should fail fast.
      const { initBackend } = await import('./backends/init-backend');
      const backend = await initBackend(msg.backend, { threads: msg.type === 'start' ? msg.threads : 1, cpuOnlyReason: msg.cpuOnlyReason });
      // A GPU that goes away mid-trial (driver reset, device removed) fails this trial alone, as retryable:
      // the host retries it from its last checkpoint, like any crash outside the config.
      void backend.lost.then((reason) => this.fail(new Error(reason), true));
      // After the backend is chosen (its load failures are read from tfjs warnings): production mode
      // drops tfjs's debug checks and its "install tfjs-node" banner from every trial's log.
      (await import('@tensorflow/tfjs-core')).enableProdMode();
      // Slow paths this trial's model takes on this backend: recorded with the backend's own fallbacks.
      const { slowPathsFor } = await import('./backends/slow-paths');
      const slowPaths = msg.type === 'ensemble' ? [] : slowPathsFor(msg.config, backend.backend);
      for (const message of slowPaths) this.send({ type: 'log', level: 'warn', message: `slow path: ${message}` });
      this.send({
        type: 'ready',
        protocol: TRAINER_PROTOCOL_VERSION,
        pid: process.pid,
        backend: backend.backend,
        backendNotes: backend.notes,
        fallbacks: [...backend.fallbacks, ...slowPaths],
        adapter: backend.adapter,
        threads: backend.threads,
      });
      if (msg.type === 'evaluate') {
        const { evaluateOnTest } = await import('./evaluate-on-test');
        this.send({ type: 'evaluation', ...(await evaluateOnTest(msg)) });
      } else if (msg.type === 'ensemble') {
        const { runEnsemble } = await import('./ensembles/run-ensemble');
        this.send(await runEnsemble(msg));
      } else {
        const { runTrial } = await import('./run-trial');
        await runTrial(msg, {
          send: (m) => this.send(m),
          shouldStop: () => this.stopRequest,
          beforeEpoch: fault ? faultHook(fault, { silence: () => heartbeat.stop(), loseDevice: (reason) => this.fail(new Error(reason), true) }) : undefined,
          afterEpoch: msg.verdicts ? (epoch) => this.verdictOn(epoch) : undefined,
        });
      }
      await this.finish(0);
    } catch (err) {
      await this.fail(err, isEnvironmentError(err));
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

  private async fail(err: unknown, retryable: boolean): Promise<void> {
    if (this.finishing) return;
    const error = err instanceof Error ? err : new Error(String(err));
    try {
      this.send({ type: 'failed', message: error.message, stack: error.stack, retryable });
    } catch {
      this.channel.send({ type: 'failed', message: String(error.message), retryable });
    }
    await this.finish(1);
  }

  private async finish(code: number): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    heartbeat.stop();
    await this.channel.flush();
    process.exit(code);
  }
}

main();

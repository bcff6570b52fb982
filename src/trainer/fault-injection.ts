import fs from 'node:fs';

/**
 * FOR TESTS ONLY. HPS_TRAINER_FAULT makes a trainer misbehave on purpose, so the host's handling of
 * failures can be tested against a real process. Unset in normal use (then this does nothing).
 *   throw@N   throws Error('injected failure at epoch N') when epoch N starts (→ a 'failed' message)
 *   crash@N   exits with code 137 when epoch N starts, sending nothing (like a SIGKILL'd process)
 *   enospc@N  fails epoch N with an ENOSPC error, as a checkpoint write on a full disk does
 *   hang@N    stops the heartbeat and waits forever when epoch N starts (host must time it out)
 *   slow=MS   sleeps MS before every epoch, so tests can stop or cancel a trial mid-run
 *   gate=PATH before every epoch after the first, waits until the file PATH exists (heartbeats go on),
 *             so a test can hold trials mid-study for as long as its other steps take
 *   lost@N    reports the GPU device lost when epoch N starts (as Dawn's device.lost does on a driver
 *             reset): the trial fails as retryable and exits; works on any backend
 *   oom@N     fills the JS heap when epoch N starts until V8 aborts ("JavaScript heap out of memory");
 *             run the trainer with --max-old-space-size; past OOM_CAP_BYTES it throws instead, so a
 *             trainer started without that flag never eats the machine
 */
export type Fault = { kind: 'throw' | 'crash' | 'hang' | 'oom' | 'enospc' | 'lost'; epoch: number } | { kind: 'slow'; ms: number } | { kind: 'gate'; path: string };

const OOM_CAP_BYTES = 1024 * 1024 * 1024;

export function parseFault(spec: string | undefined): Fault | null {
  if (!spec) return null;
  const at = /^(throw|crash|hang|oom|enospc|lost)@(\d+)$/.exec(spec);
  if (at) return { kind: at[1] as 'throw' | 'crash' | 'hang' | 'oom' | 'enospc' | 'lost', epoch: Number(at[2]) };
  const slow = /^slow=(\d+)$/.exec(spec);
  if (slow) return { kind: 'slow', ms: Number(slow[1]) };
  const gate = /^gate=(.+)$/.exec(spec);
  if (gate) return { kind: 'gate', path: gate[1]! };
  throw new Error(`HPS_TRAINER_FAULT: unknown fault '${spec}' (expected throw@N, crash@N, enospc@N, hang@N, lost@N, oom@N, slow=MS or gate=PATH)`);
}

const hoard: number[][] = [];

function exhaustHeap(): void {
  const chunk = 1 << 20; // doubles: 8 MiB per array
  while (hoard.length * chunk * 8 < OOM_CAP_BYTES) hoard.push(new Array<number>(chunk).fill(hoard.length + 0.5));
  throw new Error(`injected out-of-memory at cap: ${OOM_CAP_BYTES} bytes allocated without dying (start the trainer with --max-old-space-size)`);
}

export interface FaultActions {
  /** Stops the heartbeat (hang). */
  silence(): void;
  /** What the trainer does when its GPU is lost (lost). */
  loseDevice(reason: string): void;
}

/** The beforeEpoch hook that carries out `fault`. */
export function faultHook(fault: Fault, actions: FaultActions): (epoch: number) => Promise<void> {
  return async (epoch) => {
    if (fault.kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return;
    }
    if (fault.kind === 'gate') {
      while (epoch > 1 && !fs.existsSync(fault.path)) await new Promise((resolve) => setTimeout(resolve, 50));
      return;
    }
    if (epoch !== fault.epoch) return;
    switch (fault.kind) {
      case 'throw':
        throw new Error(`injected failure at epoch ${epoch}`);
      case 'crash':
        return process.exit(137);
      case 'enospc':
        throw Object.assign(new Error(`ENOSPC: no space left on device, write (injected at epoch ${epoch})`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      case 'hang':
        actions.silence();
        // A ref'd timer keeps the process alive while it waits forever; stop/disconnect still end it.
        setInterval(() => undefined, 1 << 30);
        await new Promise<never>(() => undefined);
        return;
      case 'lost':
        actions.loseDevice(`the GPU device was lost (unknown): injected at epoch ${epoch}`);
        await new Promise<never>(() => undefined);
        return;
      case 'oom':
        exhaustHeap();
    }
  };
}

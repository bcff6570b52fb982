import { execFileSync } from 'node:child_process';

/**
 * GPU indices on this machine as nvidia-smi lists them, or none (no NVIDIA driver, or no GPU). A
 * worker places each trainer on one of them with CUDA_VISIBLE_DEVICES, the way tfjs-node-gpu (CUDA)
 * is told which device to use.
 */
export function detectGpus(): string[] {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^\d+$/.test(l));
  } catch {
    return [];
  }
}

/** Which GPU each running trial has: the least busy one for the next, so trials spread over the devices. */
export class GpuSlots {
  private readonly load = new Map<string, number>();

  constructor(readonly gpus: readonly string[]) {
    for (const g of gpus) this.load.set(g, 0);
  }

  /** The trainer environment for a new trial, and the release to call when it ends. */
  take(): { env: Record<string, string>; gpu: string | null; release: () => void } {
    if (this.gpus.length === 0) return { env: {}, gpu: null, release: () => undefined };
    let gpu = this.gpus[0]!;
    for (const g of this.gpus) if (this.load.get(g)! < this.load.get(gpu)!) gpu = g;
    this.load.set(gpu, this.load.get(gpu)! + 1);
    let released = false;
    return {
      env: { CUDA_VISIBLE_DEVICES: gpu },
      gpu,
      release: () => {
        if (released) return;
        released = true;
        this.load.set(gpu, this.load.get(gpu)! - 1);
      },
    };
  }
}

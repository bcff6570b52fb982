import os from 'node:os';
import { usableGpus, type Device, type DeviceInventory } from '../../../shared/domain/device';
import type { BackendName, BackendPreference } from '../../../shared/domain/run';
import { AppError } from '../../../shared/result';
import { cpuDevice } from './probe-devices';

export interface PoolLimits {
  /** Trials at once on the CPU (the Settings' "trials at once"; default: the CPU cores). */
  cpuTrials: number;
  /** Trials at once on each usable GPU. */
  trialsPerGpu: number;
}

/** Where one trial (or evaluation) runs, as the trainer is told (start message, environment). */
export interface Placement {
  /** 'cpu' or 'gpu:<index>'. */
  device: string;
  /** The device's name (GPU name, CPU model), recorded when the backend says nothing more precise. */
  name: string;
  /** Cores the job may compute on (a CPU trial may get the idle ones; a GPU trial drives its GPU from one). */
  threads: number;
  /** Set for a CPU placement on a machine with usable GPUs: 'auto' skips the GPU backends, saying why. */
  cpuOnlyReason?: string;
  /** For the trainer process: which GPU CUDA shows it, and the size of TF's thread pool. */
  env: Record<string, string>;
}

const GPU_ONLY: Partial<Record<BackendPreference, BackendName>> = { webgpu: 'webgpu', 'tensorflow-gpu': 'tensorflow-gpu' };

/**
 * Which device the next trial goes to. The scheduler asks `place` before it launches, `take`s the answer
 * when it does, and `release`s it when the trial's process is gone. GPUs come first for the backends that
 * can use them ('auto', 'webgpu', 'tensorflow-gpu'), up to `trialsPerGpu` each, least loaded first; CPU
 * trials fill `cpuTrials` slots beside them. Until the GPUs are probed (`inventory` null) only jobs that
 * never use one are placed: a GPU found a second later must not miss the first trials of a GPU study.
 *
 * Threads: cores no other CPU trial holds and nothing else on the machine keeps busy, shared with the
 * trials that could start right now (`demand`), so a trial that runs alone (a study's sequential phase,
 * `concurrency: 1`) gets every idle core, and a full study gets one each. Busy means the load average
 * beyond our own trials: on a machine other work already saturates, extra threads only contend (measured
 * slower, bench/wasm-threads.ts). A trial keeps its threads for its whole attempt (a pool is sized once).
 */
export class DevicePool {
  private inventory: DeviceInventory | null;
  private limits: PoolLimits;
  private readonly gpuLoad = new Map<string, number>();
  private cpuJobs = 0;
  private cpuThreads = 0;

  constructor(
    limits: PoolLimits,
    inventory: DeviceInventory | null = null,
    /** Runnable processes on the machine, ours included (1-minute load average; 0 where the OS has none). */
    private readonly machineLoad: () => number = () => os.loadavg()[0] ?? 0,
  ) {
    this.limits = checkLimits(limits);
    this.inventory = inventory;
  }

  get ready(): boolean {
    return this.inventory !== null;
  }

  get devices(): DeviceInventory | null {
    return this.inventory;
  }

  setInventory(inventory: DeviceInventory): void {
    this.inventory = inventory;
  }

  setLimits(patch: Partial<PoolLimits>): void {
    this.limits = checkLimits({ ...this.limits, ...patch });
  }

  get currentLimits(): PoolLimits {
    return { ...this.limits };
  }

  /** Trials at once across every device: what a study's `concurrency` is held within. */
  capacity(): number {
    return this.limits.cpuTrials + (this.inventory ? usableGpus(this.inventory).length * this.limits.trialsPerGpu : 0);
  }

  /** Jobs now on each device id. */
  load(): Record<string, number> {
    return { cpu: this.cpuJobs, ...Object.fromEntries(this.gpuLoad) };
  }

  /**
   * Where a job with this backend preference would run now, or null when nothing can take it yet. A
   * preference for a GPU backend waits for a GPU slot; on a machine where no GPU can run it at all it
   * gets a CPU slot, so that its trainer fails with the real reason (no adapter, no CUDA) instead of the
   * trial waiting forever. `demand`: other CPU jobs that could start right now.
   */
  place(pref: BackendPreference, demand = 0): Placement | null {
    if (!this.inventory) return pref === 'auto' || GPU_ONLY[pref] ? null : this.placeOnCpu(demand, pref);
    const gpuOnly = GPU_ONLY[pref];
    const candidates = pref === 'auto' || gpuOnly ? usableGpus(this.inventory).filter((g) => !gpuOnly || g.backends.includes(gpuOnly)) : [];
    const gpu = this.leastLoaded(candidates);
    if (gpu) return { device: gpu.id, name: gpu.name, threads: 1, env: { CUDA_VISIBLE_DEVICES: gpu.id.slice('gpu:'.length) } };
    if (gpuOnly && candidates.length > 0) return null;
    return this.placeOnCpu(demand, pref);
  }

  /** A CPU slot for a job that never uses a GPU (an evaluation), or null when the CPU slots are full. */
  placeOnCpu(demand = 0, pref: BackendPreference = 'auto'): Placement | null {
    if (this.cpuJobs >= this.limits.cpuTrials) return null;
    // The CPU needs no probe: before the GPUs are known, its cores are.
    const cpu = this.inventory?.devices.find((d) => d.kind === 'cpu') ?? cpuDevice();
    const cores = cpu.cores ?? 1;
    const name = cpu.name;
    const others = Math.max(0, Math.min(demand, this.limits.cpuTrials - this.cpuJobs - 1));
    const busyElsewhere = Math.max(0, Math.round(this.machineLoad()) - this.cpuThreads);
    const threads = Math.max(1, Math.floor((cores - this.cpuThreads - busyElsewhere) / (1 + others)));
    const env: Record<string, string> = { TF_NUM_INTRAOP_THREADS: String(threads) };
    // A CPU backend is hidden from CUDA: tfjs-node-gpu's build of 'tensorflow' would otherwise take GPU memory.
    if (pref !== 'auto' && !GPU_ONLY[pref]) env.CUDA_VISIBLE_DEVICES = '-1';
    const gpus = this.inventory ? usableGpus(this.inventory) : [];
    if (gpus.length === 0) return { device: 'cpu', name, threads, env };
    if (pref === 'auto') env.CUDA_VISIBLE_DEVICES = '-1';
    const slots = gpus.length * this.limits.trialsPerGpu;
    return { device: 'cpu', name, threads, env, cpuOnlyReason: `placed on the CPU: all ${slots} GPU slot(s) are busy` };
  }

  take(p: Placement): void {
    if (p.device === 'cpu') {
      this.cpuJobs++;
      this.cpuThreads += p.threads;
    } else this.gpuLoad.set(p.device, (this.gpuLoad.get(p.device) ?? 0) + 1);
  }

  release(p: Placement): void {
    if (p.device === 'cpu') {
      this.cpuJobs = Math.max(0, this.cpuJobs - 1);
      this.cpuThreads = Math.max(0, this.cpuThreads - p.threads);
    } else this.gpuLoad.set(p.device, Math.max(0, (this.gpuLoad.get(p.device) ?? 0) - 1));
  }

  private leastLoaded(gpus: Device[]): Device | null {
    let best: Device | null = null;
    for (const g of gpus) {
      const load = this.gpuLoad.get(g.id) ?? 0;
      if (load < this.limits.trialsPerGpu && (best === null || load < (this.gpuLoad.get(best.id) ?? 0))) best = g;
    }
    return best;
  }
}

function checkLimits(l: PoolLimits): PoolLimits {
  if (!Number.isInteger(l.cpuTrials) || l.cpuTrials < 1) throw new AppError('invalid_input', `concurrency: must be a whole number ≥ 1, got ${l.cpuTrials}`);
  if (!Number.isInteger(l.trialsPerGpu) || l.trialsPerGpu < 1) throw new AppError('invalid_input', `gpuTrials: must be a whole number ≥ 1, got ${l.trialsPerGpu}`);
  return l;
}

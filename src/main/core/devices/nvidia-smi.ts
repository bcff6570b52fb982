import { execFile } from 'node:child_process';

export interface NvidiaGpu {
  /** CUDA's index (nvidia-smi orders GPUs by PCI bus, as CUDA_DEVICE_ORDER=PCI_BUS_ID does). */
  index: number;
  name: string;
  memoryMb: number | null;
  uuid: string;
}

export type NvidiaSmiResult = { gpus: NvidiaGpu[] } | { gpus: []; reason: string };

const QUERY = ['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader,nounits'];

/**
 * The NVIDIA GPUs the driver sees, from `nvidia-smi` (installed with the driver on every platform).
 * Never throws: a machine without it, or a driver that does not answer within `timeoutMs` (a wedged GPU
 * makes nvidia-smi hang), has no NVIDIA GPU to schedule on, and the reason says so.
 */
export function queryNvidiaSmi(command = process.env.HPS_NVIDIA_SMI ?? 'nvidia-smi', timeoutMs = 10_000): Promise<NvidiaSmiResult> {
  return new Promise((resolve) => {
    execFile(command, QUERY, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? 'nvidia-smi not found (no NVIDIA driver)'
            : (err as { killed?: boolean }).killed
              ? `nvidia-smi did not answer within ${timeoutMs / 1000} s`
              : `nvidia-smi failed: ${(stderr || stdout || err.message).trim().split('\n')[0]}`;
        resolve({ gpus: [], reason });
        return;
      }
      resolve(parseNvidiaSmi(stdout));
    });
  });
}

/** `0, NVIDIA A100-SXM4-40GB, 40960, GPU-…` per line; lines that do not parse are skipped. */
export function parseNvidiaSmi(csv: string): NvidiaSmiResult {
  const gpus: NvidiaGpu[] = [];
  for (const line of csv.split('\n')) {
    const parts = line.split(',').map((p) => p.trim());
    if (parts.length < 4 || !/^\d+$/.test(parts[0]!)) continue;
    const memory = Number(parts[2]);
    gpus.push({ index: Number(parts[0]), name: parts[1]!, memoryMb: Number.isFinite(memory) && parts[2] !== '' ? memory : null, uuid: parts[3]! });
  }
  return gpus.length > 0 ? { gpus } : { gpus: [], reason: 'nvidia-smi lists no GPU' };
}

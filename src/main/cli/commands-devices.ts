import type { Command } from 'commander';
import type { DevicesDto } from '../../shared/contract';
import { describeAdapter } from '../../shared/domain/device';
import { probeDevices } from '../core/devices/probe-devices';
import { trainerGpuProbe } from '../core/devices/trainer-probe';
import { probeOwner } from '../core/ownership/owner-lock';
import { resolveDataPaths } from '../core/paths';
import { NodeLauncher } from '../core/scheduler/launcher-node';
import { SettingsFile } from '../core/settings';
import type { CliApi } from './api/cli-api';
import { type GlobalOptions } from './api/connect';
import { remoteApi } from './api/remote-api';

/** The devices and how many trials each takes, as `hparam-studio devices` and `run` print them. */
export function renderDevices(d: DevicesDto): string {
  const lines = d.devices.map((dev) => {
    const slots = dev.kind === 'cpu' ? d.cpuTrials : dev.backends.length > 0 ? d.gpuTrials : 0;
    const size = dev.kind === 'cpu' ? `${dev.cores ?? '?'} cores` : dev.memoryMb !== null ? `${dev.memoryMb} MiB` : null;
    const uses = dev.backends.length > 0 ? `backends ${dev.backends.join(', ')}; ${slots} trial(s) at once` : 'not usable';
    const running = d.load[dev.id] ? `, ${d.load[dev.id]} running` : '';
    const head = `  ${dev.id.padEnd(6)} ${dev.name}${size ? ` (${size})` : ''}: ${uses}${running}`;
    const extra = [dev.adapter ? `WebGPU adapter: ${describeAdapter(dev.adapter)}` : null, dev.note].filter((x): x is string => x !== null);
    return [head, ...extra.map((e) => `           ${e}`)].join('\n');
  });
  const notes = d.notes.length > 0 ? ['', 'No GPU found by:', ...d.notes.map((n) => `  ${n}`)] : [];
  return ['Devices:', ...lines, ...notes].join('\n');
}

/** One line for `run`: where its trials go. */
export function devicesLine(d: DevicesDto): string {
  const gpus = d.devices.filter((dev) => dev.kind === 'gpu' && dev.backends.length > 0);
  const cpu = d.devices.find((dev) => dev.kind === 'cpu');
  const onCpu = `${d.cpuTrials} CPU trial(s) at once on ${cpu?.cores ?? '?'} cores`;
  if (gpus.length === 0) return `Devices: ${onCpu}; no GPU (${d.notes.join('; ') || 'none found'})`;
  return `Devices: ${onCpu}; ${gpus.map((g) => `${g.id} ${g.name} (${g.backends.join(', ')}), ${d.gpuTrials} trial(s) at once`).join('; ')}`;
}

/**
 * The owner's view when one runs (what it places trials on), else a probe of this machine with the data
 * directory's settings; either way nothing is taken over or written.
 */
async function listDevices(opts: GlobalOptions): Promise<DevicesDto> {
  const { dataDir } = resolveDataPaths(opts);
  const owner = probeOwner(dataDir);
  if (owner.state === 'owned' && owner.owner?.api) {
    const api: CliApi = await remoteApi({ ...owner.owner, api: owner.owner.api }, dataDir);
    try {
      return await api.call('devices.list');
    } finally {
      await api.close();
    }
  }
  const settings = new SettingsFile(dataDir).read();
  const inventory = await probeDevices({ gpuProbe: trainerGpuProbe(new NodeLauncher()) });
  return { ...inventory, load: {}, cpuTrials: settings.concurrency, gpuTrials: settings.gpuTrials };
}

export function registerDeviceCommands(program: Command): void {
  program
    .command('devices')
    .description('the CPU and GPUs trials run on (WebGPU adapter, nvidia-smi), and how many trials each takes at once')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const devices = await listDevices(cmd.optsWithGlobals<GlobalOptions>());
      process.stdout.write(flags.json ? `${JSON.stringify(devices, null, 2)}\n` : `${renderDevices(devices)}\n`);
    });
}

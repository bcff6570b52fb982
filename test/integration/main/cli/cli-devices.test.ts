import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devicesSchema } from '../../../../src/shared/contract';
import { Store } from '../../../../src/main/core/store/store';
import { WEBGPU_ADAPTER } from '../../../unit/trainer/backends/fixtures/backends-under-test';
import { runCli, spawnCli } from '../../../helpers/cli';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { assertBuilt, useTempDir, waitFor } from '../../../helpers/temp-dir';

/** `hparam-studio devices`, the devices line of `run`, and where `show run:` says a run trained. */
describe('CLI: devices', () => {
  const tempDir = useTempDir();

  it.skipIf(WEBGPU_ADAPTER)('devices: the CPU with its cores and trials at once, and why no GPU was found', async () => {
    assertBuilt();
    const { code, output } = await runCli(tempDir(), ['devices']);
    expect(code).toBe(0);
    expect(output).toMatch(new RegExp(`^Devices:\\n  cpu    .+ \\(${os.availableParallelism()} cores\\): backends wasm, cpu; ${os.availableParallelism()} trial\\(s\\) at once\\n`));
    expect(output).toMatch(/\nNo GPU found by:\n  nvidia-smi .+\n  webgpu: no WebGPU adapter \(Dawn found no usable GPU\)/);
  });

  it('devices --json answers the contract shape, with the data directory\'s settings', async () => {
    assertBuilt();
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ concurrency: 3, gpuTrials: 4 }));
    const { code, output } = await runCli(dataDir, ['devices', '--json']);
    expect(code).toBe(0);
    const devices = devicesSchema.parse(JSON.parse(output));
    expect(devices).toMatchObject({ cpuTrials: 3, gpuTrials: 4, load: {} });
    expect(devices.devices[0]).toMatchObject({ id: 'cpu', cores: os.availableParallelism() });
  });

  it('run says where its trials go; show run: says where one trained and on how many threads; devices asks the live owner', async () => {
    assertBuilt();
    const dataDir = tempDir();
    const spec = path.join(dataDir, 'one.json');
    // The trial waits before epoch 2 until the gate file exists, so `devices` meets a live owner.
    const gate = path.join(dataDir, 'gate');
    fs.writeFileSync(spec, JSON.stringify(tinyStudySpec({ name: 'one', budget: { maxTrials: 1 }, concurrency: 1, backend: 'auto' })));
    const owner = spawnCli(dataDir, ['run', spec], { HPS_TRAINER_FAULT: `gate=${gate}` });
    await waitFor(`the owner to train (output: ${owner.output()})`, () => {
      try {
        const s = Store.openReadOnly(path.join(dataDir, 'studies.db'));
        try {
          return s.listRuns(1).some((r) => r.epochsDone >= 1);
        } finally {
          s.close();
        }
      } catch {
        return false;
      }
    });
    const live = await runCli(dataDir, ['devices', '--json']);
    expect(devicesSchema.parse(JSON.parse(live.output)).load).toMatchObject({ cpu: 1 });
    fs.writeFileSync(gate, '');
    expect((await owner.exited).code).toBe(0);
    expect(owner.output()).toMatch(new RegExp(`\\nDevices: \\d+ CPU trial\\(s\\) at once on ${os.availableParallelism()} cores; `));
    const shown = await runCli(dataDir, ['show', 'run:1']);
    expect(shown.output).toMatch(new RegExp(`\\n  device      cpu · ${escape(os.cpus()[0]!.model.trim())} · \\d+ threads?\\n`));
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

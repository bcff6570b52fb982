import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli';
import { assertBuilt, useTempDir } from '../../../helpers/temp-dir';

/**
 * The CLI side of issue 12: a study with repeats, then `show` (seed groups, fit counts), `ensemble`
 * (validation next to the best member, --greedy, --export), `evaluate ensemble:<id>` once, and
 * `import-model` / `base-models` for transfer learning.
 */
describe('hparam-studio ensemble, evaluate ensemble:, show, import-model', () => {
  const tempDir = useTempDir();

  it('runs the whole method from the command line', async () => {
    assertBuilt();
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const spec = path.join(dir, 'spec.yaml');
    fs.writeFileSync(
      spec,
      [
        'name: cli-method',
        'dataset: sample:binary-1000x10',
        'template: mlp',
        'objective: {metric: val_loss, direction: minimize}',
        'algorithm: grid',
        'backend: cpu',
        'concurrency: 2',
        'repeats: 2',
        'space:',
        '  epochs: 3',
        '  units: 8',
        '  learning_rate: [0.003, 0.03]',
      ].join('\n'),
    );
    const run = await runCli(dataDir, ['run', spec]);
    expect(run.code, run.output).toBe(0);

    const show = await runCli(dataDir, ['show', 'cli-method']);
    expect(show.code, show.output).toBe(0);
    expect(show.output).toMatch(/Configurations with their seeds \(ranked by mean val_loss; a lucky seed does not win\):/);
    expect(show.output).toMatch(/^ +1 +2 +[\d.]+ +[\d.e-]+ +\d+ +0\.03$/m);
    expect(show.output).toMatch(/^Fit: /m);

    const top = await runCli(dataDir, ['ensemble', 'cli-method', '--top', '3', '--export', path.join(dir, 'bundle')]);
    expect(top.code, top.output).toBe(0);
    expect(top.output).toMatch(/Ensemble 1 "top 3" of study cli-method \(top-k, 3 member\(s\), 3 vote\(s\)\)/);
    expect(top.output).toMatch(/^val_loss +[\d.]+ +[\d.]+$/m);
    expect(top.output).toMatch(/best member \(trial \d\)/);
    expect(fs.readdirSync(path.join(dir, 'bundle'))).toEqual(expect.arrayContaining(['model.json', 'hparam-studio.json', 'm1_weights.bin', 'm2_weights.bin', 'm3_weights.bin']));

    const greedy = await runCli(dataDir, ['ensemble', 'cli-method', '--greedy', '--iterations', '5']);
    expect(greedy.code, greedy.output).toBe(0);
    expect(greedy.output).toMatch(/greedy steps \(val_loss\): ([\d.]+ → ){4}[\d.]+/);

    const look = await runCli(dataDir, ['evaluate', 'ensemble:1']);
    expect(look.code, look.output).toBe(0);
    expect(look.output).toMatch(/Ensemble 1 on the test split \(recorded .*, by CLI \(hparam-studio evaluate ensemble:1\) as /);
    expect(look.output).toMatch(/test_accuracy +[\d.]+/);
    const again = await runCli(dataDir, ['evaluate', 'ensemble:1']);
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/error: ensemble 1 was already evaluated on the test split .* use --force to evaluate again/);
    const looks = await runCli(dataDir, ['show', 'cli-method']);
    expect(looks.output).toMatch(/Looks at the test split:\n +\S+ +top 3 \(ensemble 1\) by CLI/);

    const conflict = await runCli(dataDir, ['ensemble', 'cli-method', '--top', '2', '--runs', '1,2']);
    expect(conflict.code).toBe(2);
    expect(conflict.output).toMatch(/error: --top and --runs: give one of them/);

    const imported = await runCli(dataDir, ['import-model', '--run', '1', '--name', 'binary-base']);
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toMatch(/Base model binary-base \(id 1\) from run 1: input \[10\], 3 layers, its preprocessing recorded/);
    const list = await runCli(dataDir, ['base-models']);
    expect(list.output).toMatch(/binary-base +\[10\] +3 +run 1/);
    const bad = await runCli(dataDir, ['import-model', path.join(dir, 'nowhere')]);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/error: .*nowhere: no such file or folder/);
  });
});

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AVERAGE_LAYER, combineModels } from '../../../../../src/main/core/export/combine-topology';

type Saved = { modelJson: Record<string, unknown>; data: ArrayBuffer };

/** A model saved the way checkpoints are: topology + manifest, weights as one buffer. */
async function save(model: tfl.LayersModel): Promise<Saved> {
  let saved!: Saved;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = {
        modelJson: { modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] },
        data: tf.io.CompositeArrayBuffer.join(a.weightData!),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved;
}

function sequential(seed: number, withInputLayer: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  if (withInputLayer) m.add(tfl.layers.inputLayer({ inputShape: [3], name: 'input' }));
  m.add(tfl.layers.dense({ units: 4, activation: 'tanh', name: 'dense_1', kernelInitializer: tfl.initializers.glorotUniform({ seed }), ...(withInputLayer ? {} : { inputShape: [3] }) }));
  m.add(tfl.layers.dense({ units: 2, activation: 'softmax', name: 'output', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

/** A functional model with the same layer names as the sequential ones (what a transfer run saves). */
function functional(seed: number): tfl.LayersModel {
  const input = tfl.input({ shape: [3], name: 'input' });
  const hidden = tfl.layers.dense({ units: 5, activation: 'relu', name: 'dense_1', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }).apply(input) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head_output_1', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }).apply(hidden) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('combineModels', () => {
  it('one model: members renamed on a shared input, an Average taking each output as often as its weight', async () => {
    const members = [sequential(1, true), sequential(7, false), functional(11)];
    const saved = await Promise.all(members.map(save));
    const weights = [2, 1, 1];
    const combined = combineModels(
      saved.map((s, i) => ({ modelJson: s.modelJson, weight: weights[i]! })),
      ['a', 'b', 'c'],
    );
    const layers = (combined.modelTopology.config as { layers: { name: string; inbound_nodes: unknown[][] }[] }).layers;
    expect(layers.map((l) => l.name)).toEqual(['ensemble_input', 'm1_dense_1', 'm1_output', 'm2_dense_1', 'm2_output', 'm3_dense_1', 'm3_head_output_1', AVERAGE_LAYER]);
    expect((layers.at(-1)!.inbound_nodes[0] as unknown[]).length).toBe(4);

    // Loaded by tfjs as one model, it predicts the weighted mean of the members.
    const data = tf.io.CompositeArrayBuffer.join(combined.weightsManifest.map((g) => saved[g.member]!.data));
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: combined.modelTopology,
        weightSpecs: combined.weightsManifest.flatMap((g) => g.weights) as unknown as tf.io.WeightsManifestEntry[],
        weightData: data,
      }),
    );
    const x = tf.tensor2d([[0.1, -1, 2], [3, 0.5, -0.2], [0, 0, 1]]);
    const got = (await (model.predict(x) as tf.Tensor).array()) as number[][];
    const each = await Promise.all(members.map(async (m) => (await (m.predict(x) as tf.Tensor).array()) as number[][]));
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 2; k++) {
        const mean = (2 * each[0]![i]![k]! + each[1]![i]![k]! + each[2]![i]![k]!) / 4;
        expect(got[i]![k]).toBeCloseTo(mean, 6);
      }
    }
  });

  it('one member counted once is its own output, no average', async () => {
    const saved = await save(sequential(3, true));
    const combined = combineModels([{ modelJson: saved.modelJson, weight: 1 }], ['a']);
    const config = combined.modelTopology.config as { layers: { name: string }[]; output_layers: unknown[] };
    expect(config.layers.map((l) => l.name)).not.toContain(AVERAGE_LAYER);
    expect(config.output_layers).toEqual([['m1_output', 0, 0]]);
  });

  it('refuses members that take different inputs, or files that are not Layers models', async () => {
    const a = await save(sequential(1, true));
    const other = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [5], name: 'd' })] });
    const b = await save(other);
    expect(() => combineModels([{ modelJson: a.modelJson, weight: 1 }, { modelJson: b.modelJson, weight: 1 }], ['run 1', 'run 2'])).toThrow(/run 2: takes input \[5\], the other members take \[3\]/);
    expect(() => combineModels([{ modelJson: { modelTopology: { class_name: 'GraphDef' } }, weight: 1 }], ['run 9'])).toThrow(/run 9: model.json holds a GraphDef/);
  });
});

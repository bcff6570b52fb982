import * as tf from '@tensorflow/tfjs-core';
import type { DatasetMeta } from '../../../../src/shared/domain/dataset';
import { resolveTrialConfig, type ModelTemplate, type Task } from '../../../../src/shared/domain/hparams';
import type { ParamSet } from '../../../../src/shared/domain/space';
import { createSession } from '../../../../src/trainer/training/session';
import { uploadSplit } from '../../../../src/trainer/training/split-tensors';
import { trainEpoch } from '../../../../src/trainer/training/train-epoch';
import { seededValues } from '../../../unit/trainer/backends/fixtures/seeded';
import type { CaseResult } from '../../../unit/trainer/backends/fixtures/case-compute';

/**
 * The templates as trials build them (createSession: buildModel, the loss, the optimizer) trained for a
 * few steps by the trainer's own epoch loop (trainEpoch: batches gathered on the backend, metrics read
 * once). Seeded data, weights, shuffle and dropout masks: two backends must end on the same weights.
 */
export interface TemplateCase {
  name: string;
  template: ModelTemplate;
  task: Task;
  inputShape: number[];
  params: ParamSet;
}

const COUNT = 48;

export const TEMPLATE_CASES: TemplateCase[] = [
  {
    name: 'mlp binary: 2×16 relu, batch norm, dropout, l2, adam',
    template: 'mlp',
    task: 'binary',
    inputShape: [10],
    params: { hidden_layers: 2, units: 16, activation: 'relu', batch_norm: true, dropout: 0.2, l2: 0.001, optimizer: 'adam', learning_rate: 0.01 },
  },
  {
    name: 'mlp regression: 1×8 tanh, huber loss, nesterov',
    template: 'mlp',
    task: 'regression',
    inputShape: [6],
    params: { hidden_layers: 1, units: 8, activation: 'tanh', loss: 'huber', optimizer: 'nesterov', learning_rate: 0.05 },
  },
  {
    name: 'cnn multiclass: 2 conv blocks, max pool, dense 8, rmsprop',
    template: 'cnn',
    task: 'multiclass',
    inputShape: [12, 12, 1],
    params: { conv_blocks: 2, filters: 4, kernel_size: 3, pooling: 'max', dense_units: 8, optimizer: 'rmsprop', learning_rate: 0.005 },
  },
  {
    name: 'cnn multiclass: batch norm, avg pool, stride 2 valid, elu, adamax',
    template: 'cnn',
    task: 'multiclass',
    inputShape: [13, 11, 2],
    params: { conv_blocks: 1, filters: 6, kernel_size: 3, stride: 2, padding: 'valid', pooling: 'avg', batch_norm: true, activation: 'elu', dense_units: 8, dropout: 0.25, optimizer: 'adamax', learning_rate: 0.01 },
  },
];

function metaFor(c: TemplateCase): DatasetMeta {
  const classes = c.task === 'binary' ? 2 : c.task === 'multiclass' ? 3 : 0;
  return {
    id: `case-${c.template}`,
    name: c.name,
    kind: c.inputShape.length === 3 ? 'image' : 'tabular',
    task: c.task,
    inputShape: c.inputShape,
    featureNames: [],
    classNames: Array.from({ length: classes }, (_, i) => `c${i}`),
    splits: { train: COUNT, val: 0, test: 0 },
    normalization: { mean: [], std: [] },
    source: 'test',
    createdAt: new Date(0).toISOString(),
  };
}

/** Three steps of batch 16 on the active backend: the epoch's metrics and every weight after them. */
export async function trainTemplateCase(c: TemplateCase): Promise<CaseResult & { metrics: Record<string, number> }> {
  const meta = metaFor(c);
  const config = resolveTrialConfig(c.template, c.task, 7, { epochs: 1, batch_size: 16, ...c.params });
  const rowSize = c.inputShape.reduce((a, b) => a * b, 1);
  const x = seededValues(COUNT * rowSize, 11);
  const draws = seededValues(COUNT, 12);
  const y = Float32Array.from(draws, (v) => (c.task === 'regression' ? v : Math.floor((v + 1) * 0.5 * meta.classNames.length) % meta.classNames.length));
  const session = createSession(config, meta);
  const train = uploadSplit(meta, { x, y, count: COUNT });
  try {
    const metrics = await trainEpoch(session, train, 1);
    const values = await Promise.all(session.model.weights.map(async (w, i) => ({ name: `#${i} ${w.originalName.split('/').slice(-1)[0]}`, data: (await w.read().data()) as Float32Array })));
    return { loss: metrics.loss!, metrics, values };
  } finally {
    tf.dispose([train.x, train.y]);
    session.dispose();
  }
}

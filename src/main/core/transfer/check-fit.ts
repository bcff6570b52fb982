import type { BaseModelRef } from '../../../shared/domain/base-model';
import type { DatasetMeta } from '../../../shared/domain/dataset';

/** Raw value ranges differing by more than this factor are on another scale (0..1 against 0..255). */
const SCALE_FACTOR = 4;

const list = (xs: readonly (string | number)[]) => `[${xs.join(', ')}]`;
const fmt = (v: number) => Number(v.toPrecision(3)).toString();

/**
 * Whether a base model can take a dataset as it is: the same input shape, the same number of
 * normalized channels or features, the same tabular columns in the same order, raw values on the same
 * scale. Each difference is one sentence naming both sides; none means it fits.
 */
export function fitProblems(base: BaseModelRef, dataset: DatasetMeta): string[] {
  const problems: string[] = [];
  const who = `base model ${base.name}`;
  if (base.inputShape.join() !== dataset.inputShape.join()) {
    problems.push(`input shape: ${who} takes ${list(base.inputShape)}, dataset ${dataset.name} has ${list(dataset.inputShape)}`);
  }
  if (base.normalization && base.normalization.mean.length !== dataset.normalization.mean.length) {
    const unit = dataset.kind === 'image' ? 'channels' : 'features';
    problems.push(`preprocessing: ${who} normalizes ${base.normalization.mean.length} ${unit}, dataset ${dataset.name} has ${dataset.normalization.mean.length}`);
  }
  if (dataset.kind === 'tabular' && base.featureNames && base.featureNames.join('\u0000') !== dataset.featureNames.join('\u0000')) {
    const at = base.featureNames.findIndex((n, i) => dataset.featureNames[i] !== n);
    const first = at < 0 ? base.featureNames.length : at;
    problems.push(
      `features: ${who} was trained on ${base.featureNames.length} columns, dataset ${dataset.name} has ${dataset.featureNames.length}; column ${first + 1} is ${JSON.stringify(base.featureNames[first] ?? '(none)')} there and ${JSON.stringify(dataset.featureNames[first] ?? '(none)')} here`,
    );
  }
  if (base.valueRange && dataset.stats) {
    const [lo, hi] = base.valueRange;
    const dlo = Math.min(...dataset.stats.min);
    const dhi = Math.max(...dataset.stats.max);
    const span = Math.max(hi - lo, 1e-12);
    const dspan = Math.max(dhi - dlo, 1e-12);
    if (dspan / span > SCALE_FACTOR || span / dspan > SCALE_FACTOR) {
      problems.push(`value range: ${who} was trained on raw values in [${fmt(lo)}, ${fmt(hi)}], dataset ${dataset.name}'s are in [${fmt(dlo)}, ${fmt(dhi)}]; import it on the same scale`);
    }
  }
  return problems;
}

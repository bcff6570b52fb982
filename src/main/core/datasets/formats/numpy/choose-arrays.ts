import { AppError } from '../../../../../shared/result';

export interface ArrayRoles {
  features: string;
  labels: string;
  /** Present when the arrays come as x_train/y_train plus x_test/y_test (keras.datasets .npz files). */
  testFeatures?: string;
  testLabels?: string;
}

const FEATURE_NAMES = ['x', 'features', 'data', 'inputs', 'input', 'images'];
const LABEL_NAMES = ['y', 'labels', 'label', 'target', 'targets'];

/** Case-insensitive lookup of the first of `wanted` (each optionally with `suffix`) among `names`. */
function find(names: string[], wanted: string[], suffix = ''): string | undefined {
  for (const w of wanted) {
    const hit = names.find((n) => n.toLowerCase() === `${w}${suffix}`);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Decides which arrays are features and labels: `target` names the labels outright; otherwise the
 * usual names (x/X/features/data and y/Y/labels/target), with a shipped test pair when they come as
 * x_train/y_train + x_test/y_test.
 */
export function chooseArrays(names: string[], target: string | undefined, where: string): ArrayRoles {
  const listed = names.length > 0 ? names.join(', ') : 'none';
  if (target !== undefined) {
    if (!names.includes(target)) throw new AppError('invalid_input', `${where}: no array named '${target}' (arrays: ${listed})`);
    const others = names.filter((n) => n !== target);
    const features = find(others, FEATURE_NAMES) ?? find(others, FEATURE_NAMES, '_train') ?? (others.length === 1 ? others[0] : undefined);
    if (!features) throw new AppError('invalid_input', `${where}: cannot tell which array holds the features (arrays: ${listed}); name it x`);
    return { features, labels: target };
  }
  const trainX = find(names, FEATURE_NAMES, '_train');
  const trainY = find(names, LABEL_NAMES, '_train');
  if (trainX && trainY) {
    const testX = find(names, FEATURE_NAMES, '_test');
    const testY = find(names, LABEL_NAMES, '_test');
    return { features: trainX, labels: trainY, ...(testX && testY ? { testFeatures: testX, testLabels: testY } : {}) };
  }
  const features = find(names, FEATURE_NAMES);
  const labels = find(names, LABEL_NAMES);
  if (!features || !labels) {
    throw new AppError('invalid_input', `${where}: expected a features array (x, X, features or data) and a labels array (y, Y, labels or target); found ${listed}`);
  }
  return { features, labels };
}

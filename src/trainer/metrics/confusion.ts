/**
 * Scores from a confusion matrix (rows = true class, columns = predicted class).
 * Precision, recall and F1 are macro averages over every class — for binary tasks too, i.e. the mean of
 * the positive-class and the negative-class scores (sklearn's average='macro'), so an always-"0" model
 * on imbalanced data cannot look good. A class never predicted (or absent) scores 0 for that term.
 */
export interface ClassificationScores {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export function scoresFromConfusion(matrix: number[][]): ClassificationScores {
  const k = matrix.length;
  let total = 0;
  let correct = 0;
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  for (let c = 0; c < k; c++) {
    const row = matrix[c]!;
    const truePos = row[c] ?? 0;
    let actual = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      actual += row[j] ?? 0;
      predicted += matrix[j]![c] ?? 0;
    }
    total += actual;
    correct += truePos;
    const precision = predicted > 0 ? truePos / predicted : 0;
    const recall = actual > 0 ? truePos / actual : 0;
    precisionSum += precision;
    recallSum += recall;
    f1Sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return {
    accuracy: total > 0 ? correct / total : 0,
    precision: k > 0 ? precisionSum / k : 0,
    recall: k > 0 ? recallSum / k : 0,
    f1: k > 0 ? f1Sum / k : 0,
  };
}

/** Reshapes the flat row-major matrix read back from the backend. */
export function toMatrix(flat: ArrayLike<number>, classes: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < classes; r++) out.push(Array.from({ length: classes }, (_, c) => flat[r * classes + c] ?? 0));
  return out;
}

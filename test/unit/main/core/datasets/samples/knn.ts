/** Leave-nothing-out k-NN accuracy: train on the first half of the rows, score on the second half. */
export function knnAccuracy(x: Float32Array, y: Float32Array, rowSize: number, columns: number[], k = 5): number {
  const n = y.length;
  const half = Math.floor(n / 2);
  const nClasses = Math.max(...y) + 1;
  let correct = 0;
  for (let q = half; q < n; q++) {
    const dists: [number, number][] = [];
    for (let t = 0; t < half; t++) {
      let d = 0;
      for (const c of columns) d += (x[q * rowSize + c]! - x[t * rowSize + c]!) ** 2;
      dists.push([d, y[t]!]);
    }
    dists.sort((a, b) => a[0] - b[0]);
    const votes = new Array<number>(nClasses).fill(0);
    for (const [, label] of dists.slice(0, k)) votes[label]!++;
    if (votes.indexOf(Math.max(...votes)) === y[q]) correct++;
  }
  return correct / (n - half);
}

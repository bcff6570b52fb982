const BLOCK_BITS = 16;
const BLOCK_SIZE = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_SIZE - 1;

type TypedArrayOf<T> = T extends 'f32' ? Float32Array : Int32Array;

/**
 * An append-only column of numbers stored in fixed 64 Ki-element blocks. Unlike a doubling buffer it
 * never copies what it holds and wastes at most one block, which keeps the peak memory of a large
 * import close to the size of the parsed values themselves.
 */
export class ChunkedArray<K extends 'f32' | 'i32'> {
  private readonly blocks: TypedArrayOf<K>[] = [];
  private current: TypedArrayOf<K>;
  private fill = 0;
  length = 0;

  constructor(private readonly kind: K) {
    this.current = this.newBlock();
    this.blocks.push(this.current);
  }

  push(value: number): void {
    if (this.fill === BLOCK_SIZE) {
      this.current = this.newBlock();
      this.blocks.push(this.current);
      this.fill = 0;
    }
    this.current[this.fill++] = value;
    this.length++;
  }

  get(index: number): number {
    return this.blocks[index >>> BLOCK_BITS]![index & BLOCK_MASK]!;
  }

  /** Calls `visit` for every value in order (faster than get() in a loop: no per-index block lookup). */
  forEach(visit: (value: number, index: number) => void): void {
    let index = 0;
    for (const block of this.blocks) {
      const end = Math.min(BLOCK_SIZE, this.length - index);
      for (let i = 0; i < end; i++) visit(block[i]!, index++);
    }
  }

  private newBlock(): TypedArrayOf<K> {
    return (this.kind === 'f32' ? new Float32Array(BLOCK_SIZE) : new Int32Array(BLOCK_SIZE)) as TypedArrayOf<K>;
  }
}

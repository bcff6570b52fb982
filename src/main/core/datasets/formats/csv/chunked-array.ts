/** The first block is small, so a wide table of few rows costs what its cells need, not a block per column. */
const FIRST_BLOCK = 16;
/** Blocks double up to this size (64 Ki elements), then stay at it. */
const MAX_BLOCK = 1 << 16;

type TypedArrayOf<T> = T extends 'f32' ? Float32Array : Int32Array;

/**
 * An append-only column of numbers stored in blocks that double from 16 elements up to 64 Ki and
 * then stay at 64 Ki. Unlike a doubling buffer it never copies what it holds; and unlike fixed 64 Ki
 * blocks (256 KB per column before the first row: 10,000 columns × 30 rows took 1.4 GB) its memory
 * follows the data: at most about half again what it holds while small, one block when large.
 */
export class ChunkedArray<K extends 'f32' | 'i32'> {
  private readonly blocks: TypedArrayOf<K>[] = [];
  private current: TypedArrayOf<K>;
  private fill = 0;
  length = 0;

  constructor(private readonly kind: K) {
    this.current = this.newBlock(FIRST_BLOCK);
    this.blocks.push(this.current);
  }

  push(value: number): void {
    if (this.fill === this.current.length) {
      this.current = this.newBlock(Math.min(MAX_BLOCK, this.current.length * 2));
      this.blocks.push(this.current);
      this.fill = 0;
    }
    this.current[this.fill++] = value;
    this.length++;
  }

  /** Calls `visit` for every value in order. */
  forEach(visit: (value: number, index: number) => void): void {
    let index = 0;
    for (const block of this.blocks) {
      const end = Math.min(block.length, this.length - index);
      for (let i = 0; i < end; i++) visit(block[i]!, index++);
    }
  }

  private newBlock(size: number): TypedArrayOf<K> {
    return (this.kind === 'f32' ? new Float32Array(size) : new Int32Array(size)) as TypedArrayOf<K>;
  }
}

import { formatShape, type Shape } from '../tensor/tensor.ts';

/** A tensor arrived, or would arrive, with a shape the node cannot take. Code: `E_SHAPE`. */
export class ShapeError extends RangeError {
  readonly code = 'E_SHAPE';
  constructor(message: string) {
    super(`[gradstream] ${message}`);
    this.name = 'ShapeError';
  }
}

/** Throws a ShapeError unless `shape` has the expected rank; names the node and its source. */
export function expectRank(
  nodeId: string,
  inputId: string,
  shape: Shape,
  rank: number,
  what: string,
): void {
  if (shape.length !== rank) {
    throw new ShapeError(
      `node '${nodeId}': expected ${what} (rank ${rank} per sample) from '${inputId}', got ${formatShape(shape)}`,
    );
  }
}

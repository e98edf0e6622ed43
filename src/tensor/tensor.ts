/** A shape: sizes of each axis, batch first. */
export type Shape = readonly number[];

/** A dense float32 tensor: a flat row-major buffer and the shape that reads it. */
export interface Tensor {
  readonly shape: Shape;
  readonly data: Float32Array;
}

/** Number of elements a shape holds. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Wraps data in a tensor, checking that the sizes agree. */
export function tensor(shape: Shape, data?: Float32Array | ArrayLike<number>): Tensor {
  const size = sizeOf(shape);
  if (data === undefined) return { shape: [...shape], data: new Float32Array(size) };
  if (data.length !== size) {
    throw new RangeError(
      `[gradstream] tensor: shape [${shape.join(', ')}] holds ${size} values, got ${data.length}`,
    );
  }
  const buffer = data instanceof Float32Array ? data : Float32Array.from(data);
  return { shape: [...shape], data: buffer };
}

/** A tensor of zeros. */
export function zeros(shape: Shape): Tensor {
  return tensor(shape);
}

/** A tensor with every element set to `value`. */
export function full(shape: Shape, value: number): Tensor {
  const t = tensor(shape);
  t.data.fill(value);
  return t;
}

/** A deep copy. */
export function clone(t: Tensor): Tensor {
  return { shape: [...t.shape], data: t.data.slice() };
}

/** True when two shapes have the same rank and sizes. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Formats a shape for messages: `[64, 784]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Returns `buffer` when it already has the requested shape, else a new zeroed tensor.
 * Kernels keep their outputs in such buffers so that steps with repeating shapes allocate nothing.
 */
export function reuse(buffer: Tensor | undefined, shape: Shape): Tensor {
  if (buffer !== undefined && sameShape(buffer.shape, shape)) return buffer;
  return tensor(shape);
}

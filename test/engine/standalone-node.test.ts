import { lastValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { standaloneNode } from '../../src/engine/standalone-node.ts';
import { sigmoid } from '../../src/nodes/activations/functions.ts';
import { dense } from '../../src/nodes/dense.ts';
import { tensor } from '../../src/tensor/tensor.ts';

describe('standaloneNode', () => {
  it('runs the seed example as operators: sigmoid at 1, 2, 3 and its gradient for ones', async () => {
    const node = standaloneNode(sigmoid(), [3]);
    const y = await lastValueFrom(of(tensor([1, 3], [1, 2, 3])).pipe(node.forward));
    const [dx] = await lastValueFrom(of(tensor([1, 3], [1, 1, 1])).pipe(node.backward));
    Array.from(y.data).forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-(i + 1))), 7));
    // float32 carries about 7 significant digits: the seed's 0.19661193, 0.10499359, 0.04517666.
    [0.19661193, 0.10499359, 0.04517666].forEach((v, i) => expect(dx!.data[i]).toBeCloseTo(v, 7));
  });

  it('validates parameters as a graph spec does', () => {
    expect(() => standaloneNode(dense({ units: 0 }), [3])).toThrow(
      /node 'dense', field 'params.units'/,
    );
  });
});

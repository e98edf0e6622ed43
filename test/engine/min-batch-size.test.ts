import { describe, expect, it } from 'vitest';
import { minBatchSizeFor } from '../../src/engine/min-batch-size.ts';
import { buildNetwork } from '../../src/engine/network.ts';
import type { NodeSpecJson } from '../../src/graph/spec.ts';
import { validateGraph } from '../../src/graph/validate.ts';

function network(inputShape: number[], nodes: NodeSpecJson[]) {
  return buildNetwork(
    validateGraph({ input: { shape: inputShape }, nodes, loss: { op: 'meanSquaredError' } }),
  );
}

describe('minBatchSizeFor', () => {
  it('allows a batch of one without batch normalization', () => {
    const net = network([3], [{ op: 'dense', params: { units: 2 } }]);
    expect(minBatchSizeFor(net, 1, 1)).toBe(1);
  });

  it('needs batches of two when batch normalization sees one value per feature per sample', () => {
    const net = network([3], [{ id: 'bn', op: 'batchNorm' }]);
    expect(minBatchSizeFor(net, 2, 5)).toBe(2);
    expect(() => minBatchSizeFor(net, 1, 5)).toThrow(
      "[gradstream] node 'bn', field 'batchSize': batch normalization in training needs batches of at least 2 samples, got 1; set training.batchSize (or --batch-size) to 2 or more",
    );
  });

  it('rejects a training set of one sample with batch normalization', () => {
    const net = network([3], [{ id: 'bn', op: 'batchNorm' }]);
    expect(() => minBatchSizeFor(net, 64, 1)).toThrow(
      "[gradstream] node 'bn', field 'trainSize': batch normalization in training needs at least 2 training samples, got 1",
    );
  });

  it('allows a batch of one when batch normalization sees a sequence per sample', () => {
    const net = network([4, 3], [{ op: 'batchNorm' }]);
    expect(minBatchSizeFor(net, 1, 1)).toBe(1);
  });
});

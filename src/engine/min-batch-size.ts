import type { Network } from './network.ts';

/**
 * The smallest training batch `network` can take, checked against the run's settings: 2 when a
 * batch normalization node sees one value per feature per sample (a batch of one has no variance
 * to normalise by), else 1. Throws a RangeError naming that node when `batchSize` or the whole
 * training set is smaller, so the run fails before its first step instead of mid-epoch.
 */
export function minBatchSizeFor(network: Network, batchSize: number, trainCount: number): number {
  const node = network.nodes.find(
    (n) => n.op === 'batchNorm' && n.outputShape.slice(0, -1).every((d) => d === 1),
  );
  if (node === undefined) return 1;
  if (batchSize < 2) {
    throw new RangeError(
      `[gradstream] node '${node.id}', field 'batchSize': batch normalization in training needs batches of at least 2 samples, got ${batchSize}; set training.batchSize (or --batch-size) to 2 or more`,
    );
  }
  if (trainCount < 2) {
    throw new RangeError(
      `[gradstream] node '${node.id}', field 'trainSize': batch normalization in training needs at least 2 training samples, got ${trainCount}; train on more samples`,
    );
  }
  return 2;
}

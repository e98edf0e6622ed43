import type { Dataset } from '../data/dataset.ts';
import type { Network } from '../engine/network.ts';
import { formatShape } from '../tensor/tensor.ts';

/**
 * Throws before training when a label has no output unit to score it: a classifier with K
 * outputs takes labels 0…K−1. Without this, the loss would fail mid-epoch on the first batch
 * that happens to hold such a label. Extra units (K above the classes) are allowed.
 */
export function checkClasses(network: Network, dataset: Dataset): void {
  const output = network.nodes.find((node) => node.id === network.outputId);
  if (output === undefined) return;
  const units = output.outputShape[output.outputShape.length - 1];
  let max = 0;
  for (let i = 0; i < dataset.labels.length; i++)
    if (dataset.labels[i] > max) max = dataset.labels[i];
  if (max < units) return;
  throw new RangeError(
    `[gradstream] train: ${dataset.name} has labels up to ${max} (${max + 1} classes) but graph '${network.name}' ends in '${output.id}' with output ${formatShape(output.outputShape)}, which scores only labels 0 to ${units - 1}; give '${output.id}' ${max + 1} units`,
  );
}

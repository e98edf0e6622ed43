import { activationMaths } from '../nodes/activations/index.ts';
import { elementwiseNode } from '../nodes/activations/elementwise.ts';
import { logSoftmaxDefinition } from '../nodes/activations/log-softmax.ts';
import { softmaxDefinition } from '../nodes/activations/softmax.ts';
import { addDefinition } from '../nodes/add.ts';
import { batchNormDefinition } from '../nodes/batch-norm.ts';
import { denseDefinition } from '../nodes/dense.ts';
import { dropoutDefinition } from '../nodes/dropout.ts';
import { embeddingDefinition } from '../nodes/embedding.ts';
import { layerNormDefinition } from '../nodes/layer-norm.ts';
import { binaryCrossEntropyWithLogitsDefinition } from '../nodes/losses/binary-cross-entropy-with-logits.ts';
import type { LossDefinition } from '../nodes/losses/loss.ts';
import { meanSquaredErrorDefinition } from '../nodes/losses/mean-squared-error.ts';
import { softmaxCrossEntropyDefinition } from '../nodes/losses/softmax-cross-entropy.ts';
import { meanPoolDefinition } from '../nodes/mean-pool.ts';
import type { NodeDefinition } from '../nodes/node.ts';
import { selfAttentionDefinition } from '../nodes/self-attention.ts';
import { simpleRnnDefinition } from '../nodes/simple-rnn.ts';
import { optimizerDefinitions, type OptimizerDefinition } from '../optim/registry.ts';

/** Every node op a spec may name. */
export const nodeDefinitions: ReadonlyMap<string, NodeDefinition> = new Map<string, NodeDefinition>(
  [
    ...Object.values(activationMaths).map((m) => [m.op, elementwiseNode(m)] as const),
    [softmaxDefinition.op, softmaxDefinition],
    [logSoftmaxDefinition.op, logSoftmaxDefinition],
    [denseDefinition.op, denseDefinition],
    [batchNormDefinition.op, batchNormDefinition],
    [layerNormDefinition.op, layerNormDefinition],
    [dropoutDefinition.op, dropoutDefinition],
    [addDefinition.op, addDefinition],
    [embeddingDefinition.op, embeddingDefinition],
    [selfAttentionDefinition.op, selfAttentionDefinition],
    [simpleRnnDefinition.op, simpleRnnDefinition],
    [meanPoolDefinition.op, meanPoolDefinition],
  ],
);

/** Every loss op a spec may name. */
export const lossDefinitions: ReadonlyMap<string, LossDefinition> = new Map([
  [softmaxCrossEntropyDefinition.op, softmaxCrossEntropyDefinition],
  [meanSquaredErrorDefinition.op, meanSquaredErrorDefinition],
  [binaryCrossEntropyWithLogitsDefinition.op, binaryCrossEntropyWithLogitsDefinition],
]);

export { optimizerDefinitions, type OptimizerDefinition };

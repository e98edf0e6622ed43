// graphs/mnist-mlp.json composed in code, trained on the mnist package's digits, with a tap on
// one layer's gradient stream while it trains.
import {
  adam,
  buildNetwork,
  dense,
  loadMnist,
  relu,
  sequential,
  splitDataset,
  tensorStatistics,
  train$,
  validateGraph,
} from '../src/index.ts';

const graph = validateGraph(
  sequential({
    name: 'mnist-mlp',
    input: [784],
    nodes: [
      dense({ id: 'dense-1', units: 256, init: 'he-normal' }),
      relu(),
      dense({ id: 'dense-2', units: 128, init: 'he-normal' }),
      relu(),
      dense({ id: 'dense-3', units: 10 }),
    ],
    loss: 'softmaxCrossEntropy',
  }),
);
const network = buildNetwork(graph, { seed: 1, optimizer: adam({ lr: 1e-3 }) });

// Any parameter's gradient is a stream: here, the first layer's weight gradient norm.
network.paramGradients$('dense-1/weight').subscribe(({ step, grad }) => {
  if (step % 50 === 0)
    console.log(`step ${step}: ‖∂L/∂W₁‖ = ${tensorStatistics(grad.data).norm.toExponential(3)}`);
});

const data = splitDataset(loadMnist(), 1000, 1);
train$(network, data, { epochs: 2, batchSize: 64, seed: 1 }).subscribe((event) => {
  if (event.type === 'epoch')
    console.log(`epoch ${event.epoch}: test accuracy ${(100 * event.testAccuracy).toFixed(1)}%`);
});

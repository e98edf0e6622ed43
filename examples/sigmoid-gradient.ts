// The seed's example with gradstream: sigmoid at 1, 2 and 3, and its gradient for an upstream
// gradient of ones, each computed by a node operator on a stream of batches.
import { of } from 'rxjs';
import { sigmoid, standaloneNode, tensor } from '../src/index.ts';

const node = standaloneNode(sigmoid(), [3]);

of(tensor([1, 3], [1, 2, 3]))
  .pipe(node.forward)
  .subscribe((y) => console.log('sigmoid(x)  =', Array.from(y.data)));

of(tensor([1, 3], [1, 1, 1]))
  .pipe(node.backward)
  .subscribe(([dx]) => console.log('dsigmoid/dx =', Array.from(dx!.data)));
// dsigmoid/dx ≈ [0.19661193, 0.10499357, 0.04517666] in float32; `gradstream grad`, in double
// precision, gives 0.10499359 for the middle one.

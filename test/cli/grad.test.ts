import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gradCommand } from '../../src/cli/grad.ts';

describe('gradCommand', () => {
  it('gives the seed example: sigmoid at 1, 2, 3 with an upstream gradient of ones', () => {
    const result = JSON.parse(gradCommand('sigmoid', ['1', '2', '3'], { json: true }));
    expect(result.activation).toBe('sigmoid');
    expect(result.x).toEqual([1, 2, 3]);
    result.dydx.forEach((d: number, i: number) =>
      expect(d).toBeCloseTo([0.19661193, 0.10499359, 0.04517666][i], 8),
    );
    result.y.forEach((y: number, i: number) =>
      expect(y).toBeCloseTo(1 / (1 + Math.exp(-(i + 1))), 12),
    );
  });

  it('passes --alpha to leaky ReLU and ELU', () => {
    expect(
      JSON.parse(gradCommand('leakyRelu', ['-2', '3'], { alpha: 0.1, json: true })).dydx,
    ).toEqual([0.1, 1]);
    const elu = JSON.parse(gradCommand('elu', ['-1'], { alpha: 2, json: true }));
    expect(elu.y[0]).toBeCloseTo(2 * (Math.exp(-1) - 1), 12);
    expect(elu.dydx[0]).toBeCloseTo(2 * Math.exp(-1), 12);
  });

  it('prints a table with a header row', () => {
    const lines = gradCommand('relu', ['-1', '0', '2'], {}).split('\n');
    expect(lines[0].trim().split(/\s+/)).toEqual(['x', 'relu(x)', 'drelu/dx']);
    expect(lines[3].trim().split(/\s+/)).toEqual(['2', '2', '1']);
  });

  it('rejects an unknown activation and a point that is not a number', () => {
    expect(() => gradCommand('sigmoidx', ['1'], {})).toThrow(
      /unknown activation 'sigmoidx'; known: .*sigmoid.*softmax, logSoftmax$/,
    );
    expect(() => gradCommand('relu', ['abc'], {})).toThrow(/'abc' is not a finite number/);
  });

  it('takes other parameters with --param and names the flag when one is wrong', () => {
    const gelu = JSON.parse(
      gradCommand('gelu', ['1'], { param: ['approximate=tanh'], json: true }),
    );
    expect(gelu.params).toEqual({ approximate: 'tanh' });
    // The tanh form: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) at x = 1.
    expect(gelu.y[0]).toBeCloseTo(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)), 12);
    expect(() => gradCommand('gelu', ['1'], { param: ['approximate=foo'] })).toThrow(
      `[gradstream] grad: --param approximate: expected one of 'none', 'tanh', got "foo"`,
    );
  });

  it('takes softmax points as one vector and gives the Jacobian, its diagonal as dydx', () => {
    const result = JSON.parse(gradCommand('softmax', ['0', String(Math.log(3))], { json: true }));
    expect(result.activation).toBe('softmax');
    expect(result.dydxKind).toBe('jacobianDiagonal');
    // softmax([0, ln 3]) = [1/4, 3/4]; ∂y_i/∂x_j = y_i(δ_ij − y_j).
    [0.25, 0.75].forEach((v, i) => expect(result.y[i]).toBeCloseTo(v, 14));
    const expected = [
      [0.1875, -0.1875],
      [-0.1875, 0.1875],
    ];
    expected.forEach((row, i) =>
      row.forEach((v, j) => expect(result.jacobian[i][j]).toBeCloseTo(v, 14)),
    );
    expect(result.dydx).toEqual([result.jacobian[0][0], result.jacobian[1][1]]);
  });

  it('accepts log-softmax in kebab case and labels the diagonal in the table', () => {
    const lines = gradCommand('log-softmax', ['1', '2'], {}).split('\n');
    expect(lines[0]).toBe(
      'logSoftmax over the vector x; dy_i/dx_i is the diagonal of the Jacobian',
    );
    expect(lines[1].trim().split(/\s+/)).toEqual(['x_i', 'logSoftmax(x)_i', 'dy_i/dx_i']);
    // ∂y_i/∂x_i = 1 − softmax(x)_i: 1 − 1/(1 + e) at x_1.
    expect(Number(lines[2].trim().split(/\s+/)[2])).toBeCloseTo(1 - 1 / (1 + Math.E), 7);
    expect(lines[5]).toMatch(/^Jacobian dy_i\/dx_j/);
    expect(lines).toHaveLength(8);
  });

  it('rejects parameters for softmax, which takes none', () => {
    expect(() => gradCommand('softmax', ['1'], { param: ['alpha=2'] })).toThrow(
      "[gradstream] grad: --param alpha: unknown parameter 'alpha'; 'softmax' takes none",
    );
  });

  it('names --alpha, not --param, when the alpha came from that flag', () => {
    expect(() => gradCommand('relu', ['1'], { alpha: 0.1 })).toThrow(
      "[gradstream] grad: --alpha: unknown parameter 'alpha'; 'relu' takes none",
    );
    expect(() => gradCommand('softmax', ['1'], { alpha: 2 })).toThrow(
      "[gradstream] grad: --alpha: unknown parameter 'alpha'; 'softmax' takes none",
    );
    expect(() => gradCommand('elu', ['1'], { param: ['alpa=2'], alpha: 1 })).toThrow(
      "[gradstream] grad: --param alpa: unknown parameter 'alpa'; 'elu' takes 'alpha'",
    );
  });

  it('runs as a command with negative points', () => {
    const out = execFileSync(
      'npx',
      ['tsx', 'src/cli/main.ts', 'grad', 'tanh', '-1', '0', '--json'],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(out);
    expect(result.x).toEqual([-1, 0]);
    expect(result.dydx[1]).toBe(1);
    expect(result.dydx[0]).toBeCloseTo(1 - Math.tanh(1) ** 2, 12);
    const softplus = JSON.parse(
      execFileSync(
        'npx',
        [
          'tsx',
          'src/cli/main.ts',
          'grad',
          'softplus',
          '--param',
          'beta=2',
          '--param',
          'threshold=10',
          '--json',
          '0',
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(softplus.params).toEqual({ beta: 2, threshold: 10 });
    expect(softplus.y[0]).toBeCloseTo(Math.log(2) / 2, 12);
  }, 30_000);
});

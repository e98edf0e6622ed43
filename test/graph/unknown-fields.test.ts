import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/graph/unknown-fields.ts';

describe('closestName', () => {
  it.each([
    ['input', 'inputs'],
    ['parms', 'params'],
    ['Op', 'op'],
    ['ids', 'id'],
  ])('takes %s for a typo of %s', (word, meant) => {
    expect(closestName(word, ['id', 'op', 'params', 'inputs'])).toBe(meant);
  });

  it('guesses nothing for a word far from every candidate', () => {
    expect(closestName('comment', ['id', 'op', 'params', 'inputs'])).toBeUndefined();
    expect(closestName('x', ['id', 'op'])).toBeUndefined();
  });
});

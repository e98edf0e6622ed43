import { describe, expect, it } from 'vitest';
import type { PublishedMessage } from '../../src/server/protocol.ts';
import { DEFAULT_HISTORY_LIMITS, RunHistory } from '../../src/server/run-history.ts';
import { RingBuffer } from '../../src/server/ring-buffer.ts';

const step = (runId: string, s: number): PublishedMessage => ({
  v: 1,
  type: 'step',
  runId,
  step: s,
  epoch: 1,
  loss: 1 / s,
  accuracy: 0,
});
const hello = (runId: string): PublishedMessage => ({
  v: 1,
  type: 'hello',
  runId,
  name: runId,
  graph: { nodes: [] },
});

describe('RingBuffer', () => {
  it('keeps the newest items in order once full', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect([0, 1, 2].map((i) => ring.at(i))).toEqual([3, 4, 5]);
    expect(ring.takeNewest((x) => x > 3)).toEqual([4, 5]);
  });
});

describe('RunHistory', () => {
  it('returns what a cursor has not seen, hellos first', () => {
    const h = new RunHistory();
    h.add(hello('a'));
    h.add(step('a', 2));
    h.add(hello('b'));
    const cursor = h.latest;
    h.add(step('a', 3));
    expect(h.since(0)).toEqual([hello('a'), hello('b'), step('a', 2), step('a', 3)]);
    expect(h.since(cursor)).toEqual([step('a', 3)]);
  });

  it('forgets a run’s old series when it says hello again', () => {
    const h = new RunHistory();
    h.add(hello('a'));
    h.add(step('a', 1));
    h.add(hello('a'));
    expect(h.since(0)).toEqual([hello('a')]);
  });

  it('keeps at most the configured number of runs', () => {
    const h = new RunHistory({ ...DEFAULT_HISTORY_LIMITS, runs: 2 });
    for (const id of ['a', 'b', 'c']) h.add(hello(id));
    expect(h.runIds).toEqual(['b', 'c']);
  });

  it('caps the number of histogram series per run', () => {
    const h = new RunHistory({ ...DEFAULT_HISTORY_LIMITS, histogramSeries: 2 });
    for (let n = 0; n < 5; n++)
      h.add({
        v: 1,
        type: 'histogram',
        runId: 'a',
        step: 1,
        nodeId: `n${n}`,
        kind: 'weight',
        min: 0,
        max: 1,
        counts: [1],
      });
    expect(h.since(0)).toHaveLength(2);
  });
});

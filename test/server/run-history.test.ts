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

const messagesSince = (h: RunHistory, cursor: number): PublishedMessage[] =>
  h.since(cursor).map((e) => e.message);

describe('RingBuffer', () => {
  it('keeps the newest items in order once full', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect([0, 1, 2].map((i) => ring.at(i))).toEqual([3, 4, 5]);
    expect(ring.takeNewest((x) => x > 3)).toEqual([4, 5]);
  });

  it('returns what a push drops and shifts the oldest item out', () => {
    const ring = new RingBuffer<number>(2);
    expect(ring.push(1)).toBeUndefined();
    expect(ring.push(2)).toBeUndefined();
    expect(ring.push(3)).toBe(1);
    expect(ring.shift()).toBe(2);
    expect(ring.shift()).toBe(3);
    expect(ring.shift()).toBeUndefined();
    expect(ring.size).toBe(0);
  });
});

describe('RunHistory', () => {
  it('returns what a cursor has not seen, in arrival order', () => {
    const h = new RunHistory();
    h.add(hello('a'));
    h.add(step('a', 2));
    h.add(hello('b'));
    const cursor = h.latest;
    h.add(step('a', 3));
    expect(messagesSince(h, 0)).toEqual([hello('a'), step('a', 2), hello('b'), step('a', 3)]);
    expect(messagesSince(h, cursor)).toEqual([step('a', 3)]);
    expect(h.since(0).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(h.since(0)[1].text).toBe(JSON.stringify(step('a', 2)));
  });

  it('forgets a run’s old series when it says hello again', () => {
    const h = new RunHistory();
    h.add(hello('a'));
    h.add(step('a', 1));
    h.add(hello('a'));
    expect(messagesSince(h, 0)).toEqual([hello('a')]);
  });

  it('drops a run’s oldest messages once it holds more JSON than runBytes', () => {
    const size = (s: number): number => JSON.stringify(step('a', s)).length;
    const h = new RunHistory({
      ...DEFAULT_HISTORY_LIMITS,
      runBytes: size(13) + size(14) + size(15),
    });
    h.add(hello('a'));
    for (let s = 10; s < 16; s++) h.add(step('a', s));
    h.add(hello('b'));
    h.add(step('b', 10));
    // Run a keeps its hello and its three newest steps; run b is not touched by a's budget.
    expect(messagesSince(h, 0)).toEqual([
      hello('a'),
      step('a', 13),
      step('a', 14),
      step('a', 15),
      hello('b'),
      step('b', 10),
    ]);
  });

  it('evicts outside runs before pinned ones', () => {
    const h = new RunHistory({ ...DEFAULT_HISTORY_LIMITS, runs: 2 });
    h.add(hello('own'), true);
    for (const id of ['x', 'y', 'z']) h.add(hello(id));
    expect(h.runIds).toEqual(['own', 'z']);
    expect(h.hasRun('own')).toBe(true);
    expect(h.hasRun('y')).toBe(false);
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

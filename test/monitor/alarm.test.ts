import { describe, expect, it } from 'vitest';
import { createAlarm } from '../../src/monitor/alarm.ts';

const run = (alarm: ReturnType<typeof createAlarm>, pattern: string, firstStep = 1): number[] =>
  [...pattern].flatMap((c, i) =>
    alarm.observe('k', c === 'x', firstStep + i) ? [firstStep + i] : [],
  );

describe('createAlarm', () => {
  it('fires after patience consecutive bad observations, once per episode', () => {
    expect(run(createAlarm({ patience: 3 }), 'xx.xxxxxx')).toEqual([6]);
  });

  it('does not fire on a single noisy step or on flapping', () => {
    expect(run(createAlarm({ patience: 3 }), '.x..x.x.xx.x')).toEqual([]);
  });

  it('re-arms after the condition clears', () => {
    expect(run(createAlarm({ patience: 2 }), 'xxx.xx')).toEqual([2, 6]);
  });

  it('repeats an ongoing condition after the cooldown', () => {
    expect(run(createAlarm({ patience: 1, cooldown: 4 }), 'xxxxxxxxx')).toEqual([1, 5, 9]);
  });

  it('starts the streak over on a skipped observation, without re-arming', () => {
    // '?' is a step that could not be judged.
    const alarm = createAlarm({ patience: 2 });
    const fired = [...'x?xx?xx'].flatMap((c, i) => {
      if (c === '?') alarm.skip('k');
      else if (alarm.observe('k', true, i + 1)) return [i + 1];
      return [];
    });
    expect(fired).toEqual([4]);
  });

  it('keeps separate streaks per key', () => {
    const alarm = createAlarm({ patience: 2 });
    expect([
      alarm.observe('a', true, 1),
      alarm.observe('b', true, 1),
      alarm.observe('a', true, 2),
    ]).toEqual([false, false, true]);
  });

  it('rejects a patience below 1', () => {
    expect(() => createAlarm({ patience: 0 })).toThrow(
      /\[gradstream\] alarm: expected patience of at least 1/,
    );
  });
});

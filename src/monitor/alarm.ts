/** How persistent a condition must be before a detector fires, and how often it repeats. */
export interface PersistenceOptions {
  /** Consecutive observed (sampled) steps the condition must hold before firing (default 3). */
  readonly patience?: number;
  /**
   * While the condition holds, fire again only after this many steps (default 1000). A condition
   * that clears re-arms the alarm at once.
   */
  readonly cooldown?: number;
}

/** Debounces a condition per key (a layer, say): fires once per episode, not on noise. */
export interface Alarm {
  /** Records one observation of a key's condition; true when an alert should be emitted now. */
  observe(key: string, isBad: boolean, step: number): boolean;
  /**
   * Records a step on which a key could not be judged (its values were not finite, say): the
   * streak starts over, but a fired alarm stays fired, so a gap does not repeat an alert.
   */
  skip(key: string): void;
}

/**
 * Creates an alarm: a key fires when its condition has held for `patience` consecutive
 * observations (a skipped observation breaks the run); then it stays quiet until the condition
 * clears (re-arming it) or `cooldown` steps pass with the condition still holding.
 */
export function createAlarm(options: PersistenceOptions = {}): Alarm {
  const { patience = 3, cooldown = 1000 } = options;
  if (!Number.isInteger(patience) || patience < 1) {
    throw new RangeError(
      `[gradstream] alarm: expected patience of at least 1 observation, got ${patience}`,
    );
  }
  // Per key: the current run of bad observations and the step it last fired at (if armed: none).
  const streaks = new Map<string, { streak: number; firedAt: number | undefined }>();
  return {
    observe(key, isBad, step) {
      let state = streaks.get(key);
      if (state === undefined) {
        state = { streak: 0, firedAt: undefined };
        streaks.set(key, state);
      }
      if (!isBad) {
        state.streak = 0;
        state.firedAt = undefined;
        return false;
      }
      state.streak += 1;
      if (state.streak < patience) return false;
      if (state.firedAt !== undefined && step - state.firedAt < cooldown) return false;
      state.firedAt = step;
      return true;
    },
    skip(key) {
      const state = streaks.get(key);
      if (state !== undefined) state.streak = 0;
    },
  };
}

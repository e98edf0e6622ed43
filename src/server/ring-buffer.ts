/**
 * A fixed-capacity FIFO: pushing onto a full buffer drops the oldest item. Memory stays bounded
 * however long a run lasts, and a push costs O(1) with no allocation.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `[gradstream] RingBuffer: expected a positive integer capacity, got ${capacity}`,
      );
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the oldest item when it had to make room, else undefined. */
  push(item: T): T | undefined {
    const end = (this.start + this.count) % this.capacity;
    const dropped = this.count === this.capacity ? this.items[end] : undefined;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    return dropped;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** The i-th item, oldest first. */
  at(i: number): T {
    return this.items[(this.start + i) % this.capacity] as T;
  }

  /** The newest items for which `isNew` holds, oldest first; scans back from the newest. */
  takeNewest(isNew: (item: T) => boolean): T[] {
    let first = this.count;
    while (first > 0 && isNew(this.at(first - 1))) first--;
    const out: T[] = [];
    for (let i = first; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}

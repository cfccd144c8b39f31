// The listener set every driver keeps for onStatus / onTerminal: add returns the unsubscribe, emit calls each.
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Returns the unsubscribe. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.set) listener(value);
  }

  /** Lets a driver skip building a snapshot nobody listens to. */
  get size(): number {
    return this.set.size;
  }
}

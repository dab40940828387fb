/**
 * A small synchronous publish/subscribe list: a simulated Shelly announces each state change once, and every reader
 * that pushes state (Gen2 WebSocket notifications, Gen1 CoIoT publishes) subscribes to it. A listener that throws
 * is dropped from that one delivery and never breaks the device or the other listeners.
 */
export class ChangeFeed<Change> {
  readonly #listeners = new Set<(change: Change) => void>();

  /** Adds a listener; the returned function removes it again. */
  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(change: Change): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // A reader's failure (a socket that closed under it) is the reader's problem, not the device's.
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}

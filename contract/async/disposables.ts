/** Something to undo later: an unsubscribe, a timer to clear, a listener to remove. */
export type Disposer = () => void;

/**
 * Collects what must be undone when an owner stops (subscriptions, listeners) and undoes it once,
 * newest first. A disposer that throws does not keep the others from running; the first error is
 * rethrown after all have run.
 */
export class DisposableStore {
  private disposers: Disposer[] = [];

  add(disposer: Disposer): Disposer {
    this.disposers.push(disposer);
    return disposer;
  }

  /** Several at once, undone newest first like the rest. */
  addAll(...disposers: Disposer[]): void {
    for (const disposer of disposers) this.add(disposer);
  }

  dispose(): void {
    const disposers = this.disposers.reverse();
    this.disposers = [];
    let firstError: unknown;
    for (const disposer of disposers) {
      try {
        disposer();
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }

  get size(): number {
    return this.disposers.length;
  }
}

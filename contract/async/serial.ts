/**
 * Runs tasks one at a time, in the order given: a device's command sequences (find → select → read)
 * must not interleave. A failed task does not stop the ones after it.
 */
export class SerialRunner {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Marks a request started ahead of its use (the next page, fetched while this one is stored). If the work done
 * before its `await` throws, the request's own failure must not surface as an unhandled rejection: the caller's
 * error is the one that matters. Awaiting the returned promise still throws.
 */
export function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Page writes that run behind the reading: each write starts once the one before it has finished, so pages land
 * in order and one at a time, while the caller fetches and maps the next page. On two cores this keeps Dunwise
 * and Postgres busy at once instead of in turn (issue 9). A failed write surfaces at the next `push` or `drain`.
 * One caller, awaiting each `push` before the next: two pushes at once would both start after the same write.
 */
export class WriteBehind {
  private last: Promise<void> = Promise.resolve();

  /** Waits for the previous write (throwing its error), then starts `write` without waiting for it. */
  async push(write: () => Promise<void>): Promise<void> {
    await this.last;
    this.last = settledLater(write());
  }

  /** Waits for the last write, throwing its error. */
  drain(): Promise<void> {
    return this.last;
  }

  /**
   * For leaving on another error: waits for the last write to finish, so that nothing is still writing (or saving
   * progress) after the caller has moved on, and returns its error if it failed. A store that failed is the error
   * to report: a throttled or failed read of a later page says less about why the run stopped where it did.
   */
  async failure(): Promise<unknown> {
    try {
      await this.last;
      return undefined;
    } catch (error) {
      return error;
    }
  }
}

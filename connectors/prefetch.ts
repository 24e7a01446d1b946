/**
 * Marks a request started ahead of its use (the next page, fetched while this one is stored). If the work done
 * before its `await` throws, the request's own failure must not surface as an unhandled rejection: the caller's
 * error is the one that matters. Awaiting the returned promise still throws.
 */
export function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

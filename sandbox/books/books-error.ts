/** A mutation the books refuse, with a code the control API maps to an HTTP status. */
export class BooksError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_state' | 'invalid_amount' | 'invalid_input',
    message: string,
  ) {
    super(message);
    this.name = 'BooksError';
  }
}

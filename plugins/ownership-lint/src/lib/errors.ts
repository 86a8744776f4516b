/**
 * A problem that stops the lint before it has a result: bad usage, an
 * unreadable file or a failing catalog. The CLI prints the message and
 * exits with code 2.
 *
 * @public
 */
export class OwnershipLintError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OwnershipLintError';
  }
}

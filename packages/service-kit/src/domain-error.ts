/** What went wrong, in the terms of the rules; each kind answers the client with one tRPC code (see api-errors). */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'precondition';

/**
 * A rule refused the request; the message (Chinese) tells the person why. Thrown by a service's pure rules and
 * procedures, which then import nothing from tRPC: `translateDomainErrors` answers it once, at the router.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly kind: DomainErrorKind;
  constructor(kind: DomainErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

export const invalid = (message: string) => new DomainError('invalid', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const precondition = (message: string) => new DomainError('precondition', message);

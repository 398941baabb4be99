/** How the edge should read a refusal: a rule broken, an unknown thing, or input that makes no sense. */
export type DomainErrorKind = 'rule' | 'not_found' | 'invalid';

/** A refusal by the domain, with a stable machine-readable code (used as the problem `type`). */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const ruleBroken = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): DomainError => new DomainError(code, message, 'rule', details);

export const notFound = (code: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError(code, message, 'not_found', details);

export const invalid = (code: string, message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError(code, message, 'invalid', details);

/** A field-level complaint, so clients can point at each bad input. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** RFC 9457 problem `type`: stable per error code. */
export const problemType = (code: string): string => `/problems/${code}`;

/** An HTTP-facing refusal with a stable code; rendered as application/problem+json. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }
}

export class UnauthorizedProblem extends ProblemException {
  constructor(detail: string) {
    super(401, 'unauthorized', 'Authentication required', detail);
  }
}

export class ForbiddenProblem extends ProblemException {
  constructor(detail: string) {
    super(403, 'forbidden', 'Not allowed', detail);
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(code: string, detail: string) {
    super(404, code, 'Not found', detail);
  }
}

export class InvalidRequestProblem extends ProblemException {
  constructor(detail: string, errors: readonly FieldError[], code = 'invalid-request') {
    super(400, code, 'Invalid request', detail, { errors });
  }
}

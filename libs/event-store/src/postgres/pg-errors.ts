import type { DatabaseError } from 'pg';

const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';

const codeOf = (error: unknown): string | undefined => (error as Partial<DatabaseError> | undefined)?.code;

export const isUniqueViolation = (error: unknown): error is DatabaseError =>
  codeOf(error) === UNIQUE_VIOLATION;

export const isDeadlock = (error: unknown): error is DatabaseError => codeOf(error) === DEADLOCK_DETECTED;

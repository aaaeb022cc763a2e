import type { z } from './zod.ts';

export type FieldIssue = { path: string; message: string };

/** A write was refused because its input is invalid. Nothing was written. */
export class ValidationError extends Error {
  readonly code = 'invalid' as const;
  constructor(readonly issues: FieldIssue[], what = 'input') {
    super(`Invalid ${what}: ${issues.map((i) => `${i.path || '(record)'}: ${i.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }
  static fromZod(error: z.ZodError, what?: string): ValidationError {
    return new ValidationError(
      error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      what,
    );
  }
}

/** The actor may not do this (role or ownership). Nothing was written. */
export class PermissionError extends Error {
  readonly code = 'forbidden' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PermissionError';
  }
}

/** The record does not exist (or is in the trash when the operation needs a live one). */
export class NotFoundError extends Error {
  readonly code = 'not-found' as const;
  constructor(readonly collection: string, readonly id: string) {
    super(`No ${collection} record with id ${id}`);
    this.name = 'NotFoundError';
  }
}

/** A rule of the domain refused the operation (e.g. "lost needs a loss reason"). */
export class RuleError extends Error {
  readonly code = 'rule' as const;
  constructor(message: string, readonly path?: string) {
    super(message);
    this.name = 'RuleError';
  }
}

export type DomainError = ValidationError | PermissionError | NotFoundError | RuleError;

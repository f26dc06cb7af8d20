/**
 * The one error shape of the API: { error: { code, message, fields? } }. Domain code throws AppError;
 * the HTTP error handler turns it into a response, so services never touch `res`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const badRequest = (message: string, fields?: Record<string, string>, code = "validation_failed") =>
  new AppError(400, code, message, fields);
export const unauthorized = (message = "Authentication required", code = "unauthorized") =>
  new AppError(401, code, message);
export const forbidden = (message = "You do not have permission to do this", code = "forbidden") =>
  new AppError(403, code, message);
export const notFound = (what = "Resource") => new AppError(404, "not_found", `${what} not found`);
export const conflict = (message: string, code = "conflict", fields?: Record<string, string>) =>
  new AppError(409, code, message, fields);
export const tooMany = (retryAfterSec: number) =>
  new AppError(429, "rate_limited", `Too many attempts; try again in ${retryAfterSec} s`, undefined, {
    "Retry-After": String(retryAfterSec),
  });
export const unavailable = (message: string) => new AppError(503, "unavailable", message);

/** Prisma's unique-constraint violation: the row exists (often a race lost to a concurrent insert). */
export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

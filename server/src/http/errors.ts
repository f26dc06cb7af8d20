import type { ServerResponse } from "node:http";
import { AppError } from "@parley/core/errors";
import { logger } from "@parley/core/logger";
import type { ErrorRequestHandler, RequestHandler } from "express";

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, "not_found", `No route for ${req.method} ${req.originalUrl.split("?")[0]}`));
};

/** Any error as the one shape the API answers with; bugs become a 500 without internals and are logged. */
export function toAppError(err: unknown, reqId: unknown, log: Pick<typeof logger, "error"> = logger): AppError {
  if (err instanceof AppError) return err;
  const type = (err as { type?: string })?.type;
  if (type === "entity.too.large") return new AppError(413, "payload_too_large", "Request body is too large");
  if (type === "entity.parse.failed")
    return new AppError(400, "invalid_json", "Request body is not valid JSON", { body: "must be valid JSON" });
  log.error({ err, reqId }, "unhandled error");
  return new AppError(500, "internal_error", `Something went wrong (request ${String(reqId ?? "")})`);
}

/** Writes an AppError on a plain node response (for handlers that run outside Express). */
export function sendError(res: ServerResponse, e: AppError): void {
  if (res.headersSent) return;
  res.writeHead(e.status, { ...e.headers, "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(e.toJSON()));
}

/** Every error leaves in one shape; bugs answer 500 without internals and are logged with the request id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  const e = toAppError(err, req.id, req.log ?? logger);
  if (e.headers) res.set(e.headers);
  res.status(e.status).json(e.toJSON());
};

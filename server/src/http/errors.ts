import { AppError } from "@parley/core/errors";
import { logger } from "@parley/core/logger";
import type { ErrorRequestHandler, RequestHandler } from "express";

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, "not_found", `No route for ${req.method} ${req.originalUrl.split("?")[0]}`));
};

/** Every error leaves in one shape; bugs answer 500 without internals and are logged with the request id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  let e: AppError;
  if (err instanceof AppError) e = err;
  else if (err?.type === "entity.too.large") e = new AppError(413, "payload_too_large", "Request body is too large");
  else if (err?.type === "entity.parse.failed")
    e = new AppError(400, "invalid_json", "Request body is not valid JSON", { body: "must be valid JSON" });
  else {
    (req.log ?? logger).error({ err, reqId: req.id }, "unhandled error");
    e = new AppError(500, "internal_error", `Something went wrong (request ${String(req.id ?? "")})`);
  }
  if (e.headers) res.set(e.headers);
  res.status(e.status).json(e.toJSON());
};

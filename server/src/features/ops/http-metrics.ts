import { httpDuration } from "@parley/core/metrics";
import type { RequestHandler } from "express";

/** Request durations labelled by the matched route pattern (not the raw URL, which would explode cardinality). */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on("finish", () => {
    const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : req.baseUrl || "unmatched";
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
};

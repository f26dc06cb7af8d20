import type { NextFunction, Request, Response } from "express";
import type { SimCore } from "../simulator";
import { graphError, RATE_LIMIT_CODES, usageHeaders } from "./errors";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_CALLS = 20_000;

/** The business object a call is about, for X-Business-Use-Case-Usage (Page, IG account or WABA). */
function businessOf(sim: SimCore, path: string): { id?: string; type: string } {
  const first = path.split("/")[1] ?? "";
  const s = sim.state;
  if (s.pages.has(first)) return { id: first, type: "pages" };
  if (s.igAccounts.has(first)) return { id: first, type: "instagram" };
  const num = s.waNumbers.get(first);
  if (num) return { id: num.wabaId, type: "whatsapp_business_management" };
  if (s.wabas.has(first)) return { id: first, type: "whatsapp_business_management" };
  return { type: "pages" };
}

/**
 * Runs before every Graph route: records the call, applies latency, injected errors (always) and the
 * conversations API limit of about 2 calls/s per account (only when enabled).
 */
export function faults(sim: SimCore) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    sim.calls.push({ method: req.method, path, query: { ...req.query }, body: req.body, at: new Date() });
    if (sim.calls.length > MAX_CALLS) sim.calls.splice(0, sim.calls.length - MAX_CALLS);
    if (sim.latencyMs > 0) await sleep(sim.latencyMs);

    const biz = businessOf(sim, path);
    const probe = `${req.method} ${path}`;
    const full = `${req.method} ${req.originalUrl.split("?")[0]}`;
    const fault = sim.faults.find(
      (f) =>
        f.remaining > 0 &&
        (typeof f.match === "string"
          ? probe.includes(f.match) || full.includes(f.match)
          : f.match.test(probe) || f.match.test(full)),
    );
    // Meta keeps refusing a throttled business object until the regain time it announced has passed.
    const throttle = biz.id ? sim.throttles.get(biz.id) : undefined;
    if (throttle && throttle.untilMs > sim.now()) {
      const left = Math.ceil((throttle.untilMs - sim.now()) / 60_000);
      return next(
        graphError(throttle.code, {
          subcode: throttle.subcode,
          headers: usageHeaders(biz.id, 100, left, biz.type),
        }),
      );
    }
    if (fault) {
      fault.remaining--;
      const limited = RATE_LIMIT_CODES.has(fault.code);
      if (limited && biz.id && fault.regainMinutes)
        sim.throttles.set(biz.id, {
          untilMs: sim.now() + fault.regainMinutes * 60_000,
          code: fault.code,
          subcode: fault.subcode,
        });
      const headers =
        fault.usage !== undefined || limited
          ? usageHeaders(biz.id, fault.usage ?? 100, fault.regainMinutes ?? (limited ? 1 : 0), biz.type)
          : {};
      return next(
        graphError(fault.code, { subcode: fault.subcode, status: fault.status, message: fault.message, headers }),
      );
    }

    if (sim.usage) res.set(usageHeaders(biz.id, sim.usage.percent, sim.usage.regainMinutes, biz.type));
    const conversationsCall =
      req.method === "GET" &&
      (/\/conversations$/.test(path) || /\/messages$/.test(path) || sim.state.threads.has(path.slice(1)));
    if (sim.rateLimits && conversationsCall && biz.id) {
      const now = Date.now();
      const b = buckets.get(biz.id) ?? { tokens: 2, at: now };
      b.tokens = Math.min(2, b.tokens + ((now - b.at) / 1000) * 2);
      b.at = now;
      buckets.set(biz.id, b);
      const usedPercent = Math.round((1 - Math.max(0, b.tokens - 1) / 2) * 100);
      if (b.tokens < 1) {
        return next(graphError(613, { subcode: 2534040, headers: usageHeaders(biz.id, 100, 0, biz.type) }));
      }
      b.tokens -= 1;
      res.set(usageHeaders(biz.id, Math.min(99, usedPercent), 0, biz.type));
    }
    next();
  };
}

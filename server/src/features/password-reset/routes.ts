import { requestPasswordReset, resetPassword } from "@parley/core/auth/password-reset";
import { Router } from "express";
import { z } from "zod";
import type { Deps } from "../../deps";
import { clientIp, Limit, limitKey } from "../../http/rate-limit";
import { parse } from "../../http/validate";
import { email, password } from "../auth/schemas";

const requestBody = z.strictObject({ email });
const resetBody = z.strictObject({ password });

// Every request counts (found or not, so the limit says nothing): a mailbox is not flooded with links.
const LIMITS = {
  perEmail: { name: "reset-email", points: 5, durationSec: 60 * 60 },
  perIp: { name: "reset-ip", points: 30, durationSec: 60 * 60 },
};

/** /api/auth/password-reset: "Forgot password?" and the emailed link's form. */
export function passwordResetRoutes(deps: Deps): Router {
  const r = Router();
  const perEmail = new Limit(deps.redis, deps.config.REDIS_PREFIX, LIMITS.perEmail);
  const perIp = new Limit(deps.redis, deps.config.REDIS_PREFIX, LIMITS.perIp);

  r.post("/password-reset", async (req, res) => {
    const input = parse(requestBody, req.body);
    await perIp.consume(clientIp(req));
    await perEmail.consume(limitKey(input.email));
    await requestPasswordReset(deps, input.email);
    // The same answer whether or not the address has an account.
    res.status(202).json({ ok: true });
  });

  r.post("/password-reset/:token", async (req, res) => {
    const input = parse(resetBody, req.body);
    await resetPassword(deps, String(req.params.token), input.password);
    res.status(204).end();
  });
  return r;
}

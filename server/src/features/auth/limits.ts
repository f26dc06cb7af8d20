import type { Redis } from "ioredis";
import { Limit, limitKey } from "../../http/rate-limit";

// Logins: every attempt is counted BEFORE argon2 runs (a check-then-record limiter lets a parallel flood
// through before its first failure is recorded); a success gives its point back. Three keys:
// - per IP + email, tight: what stops one attacker guessing one account;
// - per IP: what stops one address spraying many accounts;
// - per email, looser: what stops guessing from many addresses. Only attempts the first two let through
//   reach it, so one address's flood cannot lock the real owner out of their account.
// Register: every attempt counts, generous per IP (an office behind one NAT), tight per email.
export const AUTH_LIMITS = {
  loginPerIpEmail: { name: "login-ip-email", points: 10, durationSec: 60 },
  loginPerIp: { name: "login-ip", points: 10, durationSec: 60 },
  loginPerEmail: { name: "login-email", points: 50, durationSec: 10 * 60 },
  registerPerIp: { name: "register-ip", points: 30, durationSec: 10 * 60 },
  registerPerEmail: { name: "register-email", points: 5, durationSec: 10 * 60 },
} as const;

export type AuthLimits = ReturnType<typeof createAuthLimits>;

export function createAuthLimits(redis: Redis, prefix: string) {
  const l = Object.fromEntries(
    Object.entries(AUTH_LIMITS).map(([k, rule]) => [k, new Limit(redis, prefix, rule)]),
  ) as Record<keyof typeof AUTH_LIMITS, Limit>;
  return {
    /** Spends a login attempt (429 when over a limit); call `succeeded` on the result to give it back. */
    async attemptLogin(ip: string, email: string) {
      const spent: [Limit, string][] = [
        [l.loginPerIpEmail, limitKey(`${ip}|${email}`)],
        [l.loginPerIp, ip],
        [l.loginPerEmail, limitKey(email)],
      ];
      // One after the other: a key that refuses stops the attempt before it costs the looser keys a point.
      for (const [limit, key] of spent) await limit.consume(key);
      return {
        succeeded: () => Promise.all(spent.map(([limit, key]) => limit.giveBack(key))).then(() => undefined),
      };
    },
    async beforeRegister(ip: string, email: string) {
      await l.registerPerIp.consume(ip);
      await l.registerPerEmail.consume(limitKey(email));
    },
  };
}

import type { Redis } from "ioredis";
import { Limit, limitKey } from "../../http/rate-limit";

// Failed logins: 10 a minute per IP and per email (the 11th attempt is refused, even with the right
// password, so guessing cannot continue). A success clears the email's count.
// Register: every attempt counts, generous per IP (an office behind one NAT), tight per email.
export const AUTH_LIMITS = {
  loginFailuresPerIp: { name: "login-fail-ip", points: 10, durationSec: 60 },
  loginFailuresPerEmail: { name: "login-fail-email", points: 10, durationSec: 60 },
  registerPerIp: { name: "register-ip", points: 30, durationSec: 10 * 60 },
  registerPerEmail: { name: "register-email", points: 5, durationSec: 10 * 60 },
} as const;

export type AuthLimits = ReturnType<typeof createAuthLimits>;

export function createAuthLimits(redis: Redis, prefix: string) {
  const l = Object.fromEntries(
    Object.entries(AUTH_LIMITS).map(([k, rule]) => [k, new Limit(redis, prefix, rule)]),
  ) as Record<keyof typeof AUTH_LIMITS, Limit>;
  return {
    async beforeLogin(ip: string, email: string) {
      await l.loginFailuresPerIp.check(ip);
      await l.loginFailuresPerEmail.check(limitKey(email));
    },
    async loginFailed(ip: string, email: string) {
      await Promise.all([l.loginFailuresPerIp.record(ip), l.loginFailuresPerEmail.record(limitKey(email))]);
    },
    async loginSucceeded(email: string) {
      await l.loginFailuresPerEmail.reset(limitKey(email));
    },
    async beforeRegister(ip: string, email: string) {
      await l.registerPerIp.consume(ip);
      await l.registerPerEmail.consume(limitKey(email));
    },
  };
}

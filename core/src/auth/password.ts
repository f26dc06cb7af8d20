import { hash, verify } from "@node-rs/argon2";
import { Counter } from "prom-client";
import { registry } from "../metrics";
import { createSemaphore } from "./semaphore";

// argon2 runs on libuv's thread pool (4 threads by default), which fs and DNS share. At most two hashes run
// at once across the process, so a flood of logins or sign-ups queues here instead of starving the rest.
const ARGON2_CONCURRENCY = 2;
const argon2Slots = createSemaphore(ARGON2_CONCURRENCY);

/** Every argon2 verify this process ran: what a login flood actually cost (and what the limiter let through). */
export const passwordVerifications = new Counter({
  name: "parley_password_verifications_total",
  help: "argon2 password verifications run (logins, including unknown emails and wrong passwords)",
  registers: [registry],
});

const verifyLimited = (stored: string, plain: string) =>
  argon2Slots(() => {
    passwordVerifications.inc();
    return verify(stored, plain);
  });

// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's baseline). The algorithm is the
// library default; it is not named here because `Algorithm` is a const enum tsx cannot inline.
export const hashPassword = (plain: string): Promise<string> => argon2Slots(() => hash(plain));

// A real hash of a throwaway password, so an unknown email costs the same argon2 work as a wrong password.
let dummy: Promise<string> | undefined;
const dummyHash = () => {
  dummy ??= hash("parley-timing-equaliser").catch((e) => {
    dummy = undefined; // try again next time rather than caching the failure
    throw e;
  });
  return dummy;
};

/** True when `plain` matches; false for a wrong password, a malformed hash or no user at all (same cost). */
export async function verifyPassword(stored: string | undefined, plain: string): Promise<boolean> {
  if (stored) {
    try {
      return await verifyLimited(stored, plain);
    } catch {
      // Not an argon2 hash (e.g. a disabled account "!"): fall through and spend the same time.
    }
  }
  await verifyLimited(await dummyHash(), plain).catch(() => false);
  return false;
}

/** Computes the dummy hash ahead of the first login so that login is not slower than the others. */
export const warmPasswordHashing = () => dummyHash().then(() => undefined);

import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's baseline). The algorithm is the
// library default; it is not named here because `Algorithm` is a const enum tsx cannot inline.
export const hashPassword = (plain: string): Promise<string> => hash(plain);

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
      return await verify(stored, plain);
    } catch {
      // Not an argon2 hash (e.g. a disabled account "!"): fall through and spend the same time.
    }
  }
  await verify(await dummyHash(), plain).catch(() => false);
  return false;
}

/** Computes the dummy hash ahead of the first login so that login is not slower than the others. */
export const warmPasswordHashing = () => dummyHash().then(() => undefined);

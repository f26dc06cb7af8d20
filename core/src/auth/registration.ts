import type { Config } from "../config";
import type { Db } from "../db";
import { forbidden } from "../errors";

/**
 * Whether sign-up is open. ALLOW_REGISTRATION decides when set. Unset, development and tests are open, and a
 * production install is open only until its first workspace exists: the first sign-up creates the owner,
 * after which strangers on the public URL must not be able to create accounts (each one argon2 work and a
 * workspace); members are added by an owner or admin instead.
 */
export async function registrationOpen(deps: { db: Db; config: Pick<Config, "ALLOW_REGISTRATION" | "NODE_ENV"> }) {
  const setting = deps.config.ALLOW_REGISTRATION;
  if (setting !== undefined) return setting;
  if (deps.config.NODE_ENV !== "production") return true;
  return (await deps.db.workspace.findFirst({ select: { id: true } })) === null;
}

export async function assertRegistrationOpen(deps: Parameters<typeof registrationOpen>[0]) {
  if (!(await registrationOpen(deps)))
    throw forbidden(
      "Sign-up is closed on this server; ask an owner of your workspace to add you",
      "registration_closed",
    );
}

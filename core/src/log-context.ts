import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Fields every log line written while handling one request or job carries (request id; queue, job id and
 * account id), whichever logger the code below happens to use: services log through the shared logger
 * and need not be handed a child logger to be traceable.
 */
const store = new AsyncLocalStorage<Record<string, unknown>>();

export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return store.run({ ...store.getStore(), ...fields }, fn);
}

export const logContext = (): Record<string, unknown> => store.getStore() ?? {};

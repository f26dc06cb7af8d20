import { badRequest } from "@parley/core/errors";
import type { z } from "zod";

/** Parses input with a zod schema; failures become one 400 naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) fields[[...issue.path, k].join(".")] = "is not an allowed field";
      continue;
    }
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields);
  throw badRequest(`Invalid ${names.join(", ")}: ${fields[names[0]]}`, fields);
}

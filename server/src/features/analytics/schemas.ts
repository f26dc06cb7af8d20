import { daysInRange, isIsoDay, PLATFORMS } from "@parley/core/analytics/index";
import { z } from "zod";

/** The longest range any analytics endpoint accepts, in days (a leap year). */
export const MAX_RANGE_DAYS = 366;

const isoDay = z
  .string({ error: "is required (YYYY-MM-DD)" })
  .refine(isIsoDay, { message: "must be a date as YYYY-MM-DD" });

const range = {
  from: isoDay,
  to: isoDay,
};

function checkRange(v: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "must be on or after from" });
  else if (daysInRange(v.from, v.to) > MAX_RANGE_DAYS)
    ctx.addIssue({ code: "custom", path: ["to"], message: `range must be at most ${MAX_RANGE_DAYS} days` });
}

export const rangeQuery = z.object(range).strict().superRefine(checkRange);
/** A range, optionally narrowed to one platform (daily, stats, heatmap). */
export const platformRangeQuery = z
  .object({ ...range, platform: z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(", ")}` }).optional() })
  .strict()
  .superRefine(checkRange);
export const exportQuery = z
  .object({ ...range, format: z.literal("csv", { error: "must be csv" }).default("csv") })
  .strict()
  .superRefine(checkRange);

/** Comment analytics: a range, optionally one platform and one post (Meta's post or media id). */
export const commentsQuery = z
  .object({
    ...range,
    platform: z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(", ")}` }).optional(),
    postId: z.string({ error: "must be a post id" }).trim().min(1).max(100, { error: "is not a post id" }).optional(),
  })
  .strict()
  .superRefine(checkRange);

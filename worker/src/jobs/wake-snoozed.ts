import { wakeDueSnoozes } from "@parley/core/conversations/snooze";
import type { Processor } from "./processor";

/** A snooze's time came: the conversation returns to the open list, live (a snooze moved or ended does nothing). */
export const wakeSnoozed: Processor<"wake-snoozed"> = (deps) => async (job) => ({
  woken: (await wakeDueSnoozes(deps, [job.data.conversationId])).length,
});

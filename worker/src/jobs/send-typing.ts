import { sendTypingOnMeta } from "@parley/core/conversations/typing-on-meta";
import type { Processor } from "./processor";

/** "Typing…" to the customer while an agent types; one attempt only (a late indicator is worse than none). */
export const sendTyping: Processor<"send-typing"> = (deps) => async (job) => {
  const result = await sendTypingOnMeta(deps, job.data.conversationId);
  if (result.outcome === "refused")
    deps.logger.warn(
      { conversationId: job.data.conversationId, reason: result.reason },
      "Meta refused the typing indicator",
    );
  return result;
};

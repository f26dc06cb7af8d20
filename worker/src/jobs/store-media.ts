import { archiveAttachment, PermanentArchiveError } from "@parley/core/media/archive";
import { createMediaStore } from "@parley/core/media/store";
import { completePost, threadsOfPost } from "@parley/core/posts/details";
import { UnrecoverableError } from "bullmq";
import type { Processor } from "./processor";

/**
 * Copies an attachment into Parley's media store when it arrives, before Meta's link expires. Transient
 * failures (Meta, the disk or the bucket) throw so BullMQ retries with backoff; an attachment that can never
 * be archived stops at once, and the media route keeps serving it from Meta while Meta has it.
 */
export const storeMedia: Processor<"store-media"> = (deps) => {
  const store = createMediaStore(deps.config);
  const archiveDeps = { db: deps.db, store, graph: deps.graph, graphUrl: deps.config.META_GRAPH_URL };
  return async (job) => {
    try {
      const data = job.data;
      if ("conversationId" in data) {
        const changed = await completePost(archiveDeps, data.conversationId);
        if (changed) await deps.announce({ conversations: await threadsOfPost(deps.db, data.conversationId) });
        return { outcome: changed ? "stored" : "already" };
      }
      return { outcome: await archiveAttachment(archiveDeps, data.messageId, data.index) };
    } catch (e) {
      if (e instanceof PermanentArchiveError) throw new UnrecoverableError(e.message);
      throw e;
    }
  };
};

import type { Queues } from "../queues";
import type { Listener } from "../realtime/announce";

/** Generous backoff: Meta's CDN or the bucket may be down for a while, and the attachment waits for it. */
export const STORE_MEDIA_JOB = { attempts: 10, backoff: { type: "exponential", delay: 5_000 } } as const;

/**
 * Hears every `message.created` the announce seam sends (webhook and sync applies, agents' replies, after
 * their commit) and queues a store-media job per archivable attachment. Announced DTOs point archivable
 * attachments at Parley's media path; the job id makes a message announced twice archive once.
 */
export function archiveNewMedia(queues: Pick<Queues, "store-media">): Listener {
  return async (events) => {
    const jobs = events.flatMap(({ event }) =>
      event.type === "message.created"
        ? event.data.message.attachments.flatMap((a, index) =>
            a.url?.startsWith("/api/messages/") ? [{ messageId: event.data.message.id, index }] : [],
          )
        : [],
    );
    // A comment's post: its caption and picture are read from Graph and the picture archived, once per thread.
    const posts = [
      ...new Set(
        events.flatMap(({ event }) =>
          event.type === "message.created" && event.data.message.kind === "comment"
            ? [event.data.message.conversationId]
            : [],
        ),
      ),
    ];
    if (!jobs.length && !posts.length) return;
    await queues["store-media"].addBulk([
      ...jobs.map((data) => ({
        name: "store-media",
        data,
        opts: { jobId: `store-media-${data.messageId}-${data.index}`, ...STORE_MEDIA_JOB },
      })),
      ...posts.map((conversationId) => ({
        name: "store-media",
        data: { conversationId },
        opts: { jobId: `store-post-${conversationId}`, ...STORE_MEDIA_JOB },
      })),
    ]);
  };
}

import type { NormalizedComment } from "../../../platforms/types";
import { previewOf } from "../../preview";
import { cmp } from "../keys";
import { lockKeys, type Tx } from "../sql";
import { type Changed, eventsOf, type Resolved, type Step } from "../types";
import {
  changeComment,
  findThread,
  insertComment,
  parkChange,
  takeParked,
  upsertPost,
  upsertThread,
} from "./comments-sql";
import { bumpConversations, upsertContacts } from "./messages-sql";

type R = Resolved<NormalizedComment>;

/**
 * Comments under posts: new ones open or join their thread (a COMMENT conversation keyed by the top
 * comment), edits/removals/hides change the stored comment. A change that overtakes its comment is parked
 * and applied when the comment arrives, so any delivery order ends in the same state.
 */
export const applyComments: Step = async (tx, events, opts, changed) => {
  const list = eventsOf(events, "comment");
  if (!list.length) return;
  // Each comment's id is locked, in one global order, so an add and a change racing in two workers see
  // each other: the change either finds the comment or parks where the add will find it.
  await lockKeys(
    tx,
    list.map((r) => ({ accountId: r.account.id, externalId: r.e.externalId })),
  );
  const ordered = [...list].sort(
    (a, b) => a.e.timestamp.getTime() - b.e.timestamp.getTime() || cmp(a.e.externalId, b.e.externalId),
  );
  for (const r of ordered) {
    if (r.e.verb === "add") await addComment(tx, r, opts.source, changed);
    else await applyChange(tx, r, changed);
  }
};

async function addComment(tx: Tx, { e, account }: R, source: "webhook" | "sync", changed: Changed) {
  const postId = await upsertPost(tx, { accountId: account.id, ...e.post });
  let conversationId: string | undefined;
  if (e.direction === "IN") {
    const [contact] = await upsertContacts(tx, [
      { accountId: account.id, externalId: e.contactExternalId, name: e.authorName },
    ]);
    const thread = await upsertThread(tx, {
      workspaceId: account.workspaceId,
      accountId: account.id,
      platform: account.platform,
      contactId: contact.id,
      threadExternalId: e.threadExternalId,
      postId,
      at: e.timestamp,
      isRoot: e.threadExternalId === e.externalId,
    });
    conversationId = thread.id;
    if (thread.created) changed.conversations.add(thread.id);
  } else {
    // The business's own comment joins a customer's thread; its own top-level comments start none.
    conversationId = await findThread(tx, account.id, e.threadExternalId);
    if (!conversationId) return;
  }
  const id = await insertComment(tx, {
    conversationId,
    accountId: account.id,
    externalId: e.externalId,
    direction: e.direction,
    text: e.text ?? null,
    parentExternalId: e.parentExternalId ?? null,
    authorName: e.authorName ?? null,
    authorExternalId: e.contactExternalId,
    postExternalId: e.post.externalId,
    timestamp: e.timestamp,
    mention: e.mention,
  });
  if (!id) return;
  changed.created.add(id);
  for (const c of await takeParked(tx, account.id, e.externalId)) await changeComment(tx, account.id, e.externalId, c);
  const inbound = e.direction === "IN";
  const bumped = await bumpConversations(tx, [
    {
      id: conversationId,
      lastAt: e.timestamp,
      preview: previewOf({ kind: "comment", text: e.text }),
      inboundAt: inbound ? e.timestamp : null,
      unread: inbound && source === "webhook" ? 1 : 0,
      reopen: inbound,
    },
  ]);
  for (const c of bumped) changed.conversations.add(c);
}

async function applyChange(tx: Tx, { e, account }: R, changed: Changed) {
  const change = { change: e.verb as Exclude<NormalizedComment["verb"], "add">, text: e.text ?? null, at: e.timestamp };
  const row = await changeComment(tx, account.id, e.externalId, change);
  if (row) {
    if (!row.unchanged) changed.updated.add(row.id);
  } else await parkChange(tx, account.id, e.externalId, change);
}

-- The Snoozed tab lists the few snoozed conversations of a workspace newest first. Without an index it read the
-- whole Conversation table (bench/inbox.ts). A partial index holds only snoozed rows, so it stays small and costs
-- nothing on the far more common writes of conversations that are not snoozed. Prisma cannot express a partial
-- index, so it is written here by hand (and named in schema.prisma's comment).
CREATE INDEX "Conversation_snoozed_list_idx" ON "Conversation"("workspaceId", "lastMessageAt" DESC, "id" DESC)
  WHERE "snoozedAt" IS NOT NULL;

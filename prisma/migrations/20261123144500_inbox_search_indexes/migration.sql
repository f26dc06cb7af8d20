-- Inbox search matches contact names and message text anywhere (ILIKE '%q%'): trigram GIN indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Contact_name_idx" ON "Contact" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_assigneeId_lastMessageAt_id_idx" ON "Conversation"("workspaceId", "assigneeId", "lastMessageAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_unreadCount_lastMessageAt_id_idx" ON "Conversation"("workspaceId", "unreadCount", "lastMessageAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Message_text_idx" ON "Message" USING GIN ("text" gin_trgm_ops);

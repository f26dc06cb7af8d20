-- Search by contact name goes contact → conversation.
-- CreateIndex
CREATE INDEX "Conversation_contactId_idx" ON "Conversation"("contactId");

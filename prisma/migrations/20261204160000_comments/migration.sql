-- Comments in the inbox (issue #17): a conversation is a DM thread (DIRECT) or a thread of comments under a
-- post (COMMENT, keyed by its top comment id in "externalId"), so the one-conversation-per-contact key
-- becomes two partial unique keys, written by hand below because Prisma cannot express partial indexes.
-- CreateEnum
CREATE TYPE "ConversationType" AS ENUM ('DIRECT', 'COMMENT');

-- DropIndex
DROP INDEX "Conversation_platformAccountId_contactId_key";

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "postId" UUID,
ADD COLUMN     "type" "ConversationType" NOT NULL DEFAULT 'DIRECT';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "authorExternalId" TEXT,
ADD COLUMN     "authorName" TEXT,
ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "hiddenAt" TIMESTAMP(3),
ADD COLUMN     "hiddenBy" TEXT,
ADD COLUMN     "likedAt" TIMESTAMP(3),
ADD COLUMN     "privateReplyId" UUID,
ADD COLUMN     "privateReplyToId" UUID;

-- CreateTable
CREATE TABLE "Post" (
    "id" UUID NOT NULL,
    "platformAccountId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "permalink" TEXT,
    "caption" TEXT,
    "thumbnailUrl" TEXT,
    "isAd" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingCommentChange" (
    "id" UUID NOT NULL,
    "platformAccountId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "text" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingCommentChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Post_platformAccountId_externalId_key" ON "Post"("platformAccountId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "PendingCommentChange_platformAccountId_externalId_change_key" ON "PendingCommentChange"("platformAccountId", "externalId", "change");

-- CreateIndex
CREATE INDEX "Conversation_platformAccountId_contactId_idx" ON "Conversation"("platformAccountId", "contactId");

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_type_lastMessageAt_id_idx" ON "Conversation"("workspaceId", "type", "lastMessageAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_platformAccountId_fkey" FOREIGN KEY ("platformAccountId") REFERENCES "PlatformAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One DM thread per (account, contact), one comment thread per (account, top comment). The
-- INSERT … ON CONFLICT names these with their WHERE clause.
CREATE UNIQUE INDEX "Conversation_direct_key" ON "Conversation"("platformAccountId", "contactId") WHERE "type" = 'DIRECT';
CREATE UNIQUE INDEX "Conversation_comment_thread_key" ON "Conversation"("platformAccountId", "externalId") WHERE "type" = 'COMMENT';

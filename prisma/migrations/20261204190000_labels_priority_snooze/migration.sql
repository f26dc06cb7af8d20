-- Issue #16 items 6 to 8: conversations get a priority and a snooze, and labels become managed objects
-- (a name and a colour per workspace, put on conversations through a join table) instead of free text.

-- CreateEnum
CREATE TYPE "ConversationPriority" AS ENUM ('NONE', 'LOW', 'MEDIUM', 'HIGH', 'URGENT');

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "priority" "ConversationPriority" NOT NULL DEFAULT 'NONE',
ADD COLUMN     "snoozedAt" TIMESTAMP(3),
ADD COLUMN     "snoozedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Label" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationLabel" (
    "conversationId" UUID NOT NULL,
    "labelId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationLabel_pkey" PRIMARY KEY ("conversationId","labelId")
);

-- CreateIndex
CREATE INDEX "Label_workspaceId_idx" ON "Label"("workspaceId");

-- A label's name is unique in its workspace whatever its case ("VIP" and "vip" are one label to a person).
-- Prisma cannot express an index on lower(name), so it is written here by hand.
CREATE UNIQUE INDEX "Label_workspaceId_name_key" ON "Label"("workspaceId", lower("name"));

-- CreateIndex
CREATE INDEX "ConversationLabel_labelId_idx" ON "ConversationLabel"("labelId");

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_priority_lastMessageAt_id_idx" ON "Conversation"("workspaceId", "priority" DESC, "lastMessageAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Conversation_snoozedUntil_idx" ON "Conversation"("snoozedUntil");

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLabel" ADD CONSTRAINT "ConversationLabel_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLabel" ADD CONSTRAINT "ConversationLabel_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: every distinct free-text label of a workspace becomes one Label (spellings differing only in case
-- become one, named by the first spelling in sort order), coloured from the settings page's palette by a hash
-- of its name, and each conversation keeps the labels it had.
INSERT INTO "Label" ("id", "workspaceId", "name", "color", "createdAt", "updatedAt")
SELECT gen_random_uuid(), l."workspaceId", min(l.name),
  (ARRAY['#ef4444', '#f97316', '#eab308', '#22c55e', '#14b8a6', '#3b82f6', '#8b5cf6', '#ec4899', '#64748b'])
    [1 + ((hashtext(lower(min(l.name)))::bigint % 9) + 9) % 9],
  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (
  SELECT c."workspaceId", btrim(x) AS name
  FROM "Conversation" c CROSS JOIN LATERAL unnest(c."labels") AS x
  WHERE btrim(x) <> ''
) l
GROUP BY l."workspaceId", lower(l.name);

INSERT INTO "ConversationLabel" ("conversationId", "labelId", "createdAt")
SELECT DISTINCT c.id, lb.id, CURRENT_TIMESTAMP
FROM "Conversation" c CROSS JOIN LATERAL unnest(c."labels") AS x
JOIN "Label" lb ON lb."workspaceId" = c."workspaceId" AND lower(lb.name) = lower(btrim(x))
ON CONFLICT DO NOTHING;

-- AlterTable
ALTER TABLE "Conversation" DROP COLUMN "labels";

-- Issue 14 item 6: access tokens carry the version of their membership. Bumping it (role change, sessions
-- ended) makes every request with an older token 401 at once instead of up to 15 minutes later.
-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

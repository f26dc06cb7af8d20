-- Comments (issue #17): the time of a comment's hidden state, so an older hide/unhide never undoes a newer one,
-- and a post's details read from Graph with its archived thumbnail.
-- AlterTable
ALTER TABLE "Message" ADD COLUMN "hiddenChangedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Post" ADD COLUMN "detailsFetchedAt" TIMESTAMP(3),
ADD COLUMN "thumbnailKey" TEXT,
ADD COLUMN "thumbnailMimeType" TEXT;

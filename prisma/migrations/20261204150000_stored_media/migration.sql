-- CreateTable
CREATE TABLE "StoredMedia" (
    "messageId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mimeType" TEXT NOT NULL,
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredMedia_pkey" PRIMARY KEY ("messageId","index")
);

-- CreateIndex
CREATE INDEX "StoredMedia_storedAt_idx" ON "StoredMedia"("storedAt");

-- AddForeignKey
ALTER TABLE "StoredMedia" ADD CONSTRAINT "StoredMedia_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

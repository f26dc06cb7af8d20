-- AlterTable
ALTER TABLE "DailyStat" ADD COLUMN     "firstResponseHistogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "resolutionHistogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "waitsStarted" INTEGER NOT NULL DEFAULT 0;

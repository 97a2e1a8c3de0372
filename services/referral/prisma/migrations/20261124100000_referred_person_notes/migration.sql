-- Facts only some partner programmes receive (children's schooling, health and disability, ability to work).
-- AlterTable
ALTER TABLE "referral" ADD COLUMN     "schooling_note" TEXT,
ADD COLUMN     "health_note" TEXT,
ADD COLUMN     "work_note" TEXT;

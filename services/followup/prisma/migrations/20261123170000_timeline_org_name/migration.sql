-- AlterTable
ALTER TABLE "timeline_entry" ADD COLUMN     "org_name" TEXT;

-- AlterTable
ALTER TABLE "advance" ADD COLUMN     "decision_reasons" TEXT,
ADD COLUMN     "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

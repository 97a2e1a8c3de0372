-- Approval can return a submitted case with a question; the caseworker investigates further and resubmits.
-- AlterTable
ALTER TABLE "investigation_case" ADD COLUMN "return_question" TEXT,
ADD COLUMN "returned_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "chain_config" ADD COLUMN     "step_deadline_days" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "approval_request" ADD COLUMN     "step_due_on" DATE;

-- DropIndex
DROP INDEX "payment_instruction_case_id_key";

-- AlterTable
ALTER TABLE "payment_instruction" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'decision';

-- CreateTable
CREATE TABLE "recovery" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "instruction_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "budget_id" UUID NOT NULL,
    "fund_source" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "collected_fen" BIGINT NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "opened_by" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_instruction_case_id_idx" ON "payment_instruction"("case_id");

-- CreateIndex
CREATE INDEX "recovery_case_id_idx" ON "recovery"("case_id");

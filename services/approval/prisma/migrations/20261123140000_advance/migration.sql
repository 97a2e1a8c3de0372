-- AlterTable
ALTER TABLE "chain_config" ADD COLUMN     "advance_cap_fen" BIGINT NOT NULL DEFAULT 2400000,
ADD COLUMN     "advance_completion_days" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "advance" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "complete_by" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "advance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "advance_case_id_key" ON "advance"("case_id");

-- CreateIndex
CREATE INDEX "advance_handling_org_id_idx" ON "advance"("handling_org_id");

-- AlterTable
ALTER TABLE "decision" ADD COLUMN     "decision_number" TEXT,
ADD COLUMN     "reasons" TEXT,
ADD COLUMN     "request_id" UUID,
ADD COLUMN     "sequence" INTEGER,
ADD COLUMN     "year" INTEGER;

-- CreateTable
CREATE TABLE "decision_service" (
    "decision_id" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "served_on" DATE NOT NULL,
    "recipient" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decision_service_pkey" PRIMARY KEY ("decision_id")
);

-- CreateTable
CREATE TABLE "approval_request" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "handling_org_parent_id" TEXT,
    "status" TEXT NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "recommended_amount_fen" BIGINT NOT NULL,
    "cap_fen" BIGINT NOT NULL,
    "above_cap_exception" BOOLEAN NOT NULL,
    "joint" BOOLEAN NOT NULL DEFAULT false,
    "report_id" UUID,
    "chain" JSONB NOT NULL DEFAULT '[]',
    "current_step" INTEGER,
    "opinion" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_action" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor_user_id" TEXT NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "reasons" TEXT,
    "acted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chain_config" (
    "org_id" TEXT NOT NULL,
    "final_approver" TEXT NOT NULL,
    "superior_threshold_fen" BIGINT NOT NULL,
    "number_pattern" TEXT NOT NULL,

    CONSTRAINT "chain_config_pkey" PRIMARY KEY ("org_id")
);

-- CreateTable
CREATE TABLE "decision_counter" (
    "org_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last_value" INTEGER NOT NULL,

    CONSTRAINT "decision_counter_pkey" PRIMARY KEY ("org_id","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "approval_request_case_id_key" ON "approval_request"("case_id");

-- CreateIndex
CREATE INDEX "approval_request_status_idx" ON "approval_request"("status");

-- CreateIndex
CREATE INDEX "approval_action_request_id_idx" ON "approval_action"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "decision_handling_org_id_year_sequence_key" ON "decision"("handling_org_id", "year", "sequence");

-- AddForeignKey
ALTER TABLE "decision_service" ADD CONSTRAINT "decision_service_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "decision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_action" ADD CONSTRAINT "approval_action_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "approval_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

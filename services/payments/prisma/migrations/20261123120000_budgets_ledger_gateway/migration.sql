-- CreateTable
CREATE TABLE "budget" (
    "id" UUID NOT NULL,
    "org_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "fund_source" TEXT NOT NULL,
    "allocated_fen" BIGINT NOT NULL,
    "available_fen" BIGINT NOT NULL,
    "reserved_fen" BIGINT NOT NULL DEFAULT 0,
    "spent_fen" BIGINT NOT NULL DEFAULT 0,
    "donor" TEXT,
    "receipt_number" TEXT,

    CONSTRAINT "budget_pkey" PRIMARY KEY ("id"),
    -- Not expressible in the Prisma schema: a budget is never overdrawn.
    CONSTRAINT "budget_balanced_check" CHECK ("available_fen" >= 0 AND "reserved_fen" >= 0 AND "spent_fen" >= 0 AND "available_fen" + "reserved_fen" + "spent_fen" = "allocated_fen")
);

-- CreateTable
CREATE TABLE "payment_instruction" (
    "id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "budget_id" UUID,
    "fund_source" TEXT,
    "payee_name" TEXT,
    "bank_account" TEXT,
    "bank_name" TEXT,
    "prepared_by" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "idempotency_key" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "approved_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_instruction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "org_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "debit_fen" BIGINT NOT NULL,
    "credit_fen" BIGINT NOT NULL,
    "fund_source" TEXT NOT NULL,
    "case_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "actor_user_id" TEXT NOT NULL,
    "memo" TEXT NOT NULL,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_bank_transfer" (
    "idempotency_key" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "bank_ref" TEXT NOT NULL,
    "settle_at" TIMESTAMPTZ(3) NOT NULL,
    "notified_at" TIMESTAMPTZ(3),

    CONSTRAINT "sim_bank_transfer_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "budget_org_id_year_fund_source_key" ON "budget"("org_id", "year", "fund_source");

-- CreateIndex
CREATE UNIQUE INDEX "payment_instruction_decision_id_key" ON "payment_instruction"("decision_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_instruction_case_id_key" ON "payment_instruction"("case_id");

-- CreateIndex
CREATE INDEX "payment_instruction_status_idx" ON "payment_instruction"("status");

-- CreateIndex
CREATE INDEX "ledger_entry_org_id_posted_at_idx" ON "ledger_entry"("org_id", "posted_at");

-- CreateIndex
CREATE INDEX "ledger_entry_transaction_id_idx" ON "ledger_entry"("transaction_id");

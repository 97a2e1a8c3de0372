-- CreateTable
CREATE TABLE "case" (
    "id" UUID NOT NULL,
    "case_number" TEXT NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "referred_by" TEXT,
    "urgent" BOOLEAN NOT NULL,
    "requested_amount_fen" BIGINT NOT NULL,
    "applicant_name" TEXT NOT NULL,
    "applicant_id_number" TEXT NOT NULL,
    "applicant_phone" TEXT NOT NULL,
    "applicant_region_code" TEXT NOT NULL,
    "applicant_address" TEXT NOT NULL,
    "applicant_bank_account" TEXT,
    "incident_summary" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "opened_by" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_counter" (
    "handling_org_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "next" INTEGER NOT NULL,

    CONSTRAINT "case_counter_pkey" PRIMARY KEY ("handling_org_id","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "case_case_number_key" ON "case"("case_number");

-- CreateIndex
CREATE INDEX "case_handling_org_id_opened_at_idx" ON "case"("handling_org_id", "opened_at");

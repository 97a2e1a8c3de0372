-- The thin slice's referrals were generated automatically after every payment and carry no person data, so
-- they cannot be worked by a partner: they are dropped and referrals start afresh.
-- DropTable
DROP TABLE "referral";

-- CreateTable
CREATE TABLE "referral" (
    "id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "partner_org_id" TEXT NOT NULL,
    "partner_org_name" TEXT NOT NULL,
    "partner_region" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "person_name" TEXT NOT NULL,
    "person_id_number" TEXT NOT NULL,
    "person_phone" TEXT,
    "person_region_code" TEXT NOT NULL,
    "person_address" TEXT NOT NULL,
    "household_note" TEXT,
    "sent_by" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_on" DATE NOT NULL,
    "answer_due_on" DATE NOT NULL,
    "decline_reason" TEXT,
    "enrolled_programme" TEXT,
    "enrolled_from" DATE,
    "enrolled_region" TEXT,
    "monthly_amount_fen" BIGINT,
    "outcome_note" TEXT,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_batch" (
    "id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "partner_org_id" TEXT NOT NULL,
    "title" TEXT,
    "sent_on" DATE NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_entry" (
    "id" BIGSERIAL NOT NULL,
    "referral_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "org_id" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "referral_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_suggestion" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "referral_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pledge" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "donor_name" TEXT NOT NULL,
    "organised_by_org_id" TEXT NOT NULL,
    "amount_fen" BIGINT,
    "job_description" TEXT,
    "recorded_by" TEXT NOT NULL,
    "pledged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_data_access" (
    "id" BIGSERIAL NOT NULL,
    "referral_id" UUID NOT NULL,
    "accessed_by" TEXT NOT NULL,
    "accessed_by_org" TEXT NOT NULL,
    "accessed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fields" TEXT[],
    "purpose" TEXT NOT NULL,

    CONSTRAINT "person_data_access_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "referral_case_id_idx" ON "referral"("case_id");

-- CreateIndex
CREATE INDEX "referral_partner_org_id_status_idx" ON "referral"("partner_org_id", "status");

-- CreateIndex
CREATE INDEX "referral_handling_org_id_partner_org_id_idx" ON "referral"("handling_org_id", "partner_org_id");

-- CreateIndex
CREATE INDEX "referral_batch_id_idx" ON "referral"("batch_id");

-- CreateIndex
CREATE INDEX "referral_batch_handling_org_id_idx" ON "referral_batch"("handling_org_id");

-- CreateIndex
CREATE INDEX "referral_entry_referral_id_id_idx" ON "referral_entry"("referral_id", "id");

-- CreateIndex
CREATE INDEX "referral_suggestion_handling_org_id_status_idx" ON "referral_suggestion"("handling_org_id", "status");

-- CreateIndex
CREATE INDEX "pledge_case_id_idx" ON "pledge"("case_id");

-- CreateIndex
CREATE INDEX "person_data_access_referral_id_accessed_at_idx" ON "person_data_access"("referral_id", "accessed_at");

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "referral_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_entry" ADD CONSTRAINT "referral_entry_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

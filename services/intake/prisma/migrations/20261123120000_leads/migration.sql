-- Leads (案源线索) with their people, history, one-off checks, review deadlines and audited reads.
-- Cases now reference the lead they were opened from; personal data moves from "case" to "person".

-- CreateTable
CREATE TABLE "lead" (
    "id" UUID NOT NULL,
    "group_id" UUID,
    "source" TEXT NOT NULL,
    "sender_org_id" TEXT NOT NULL,
    "sender_org_name" TEXT NOT NULL,
    "sender_department" TEXT,
    "referral_stage" TEXT,
    "submitted_by" TEXT NOT NULL,
    "application_form" TEXT,
    "holder_org_id" TEXT NOT NULL,
    "holder_org_name" TEXT NOT NULL,
    "holder_org_type" TEXT NOT NULL,
    "holder_region_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "decision_reason" TEXT,
    "incident_summary" TEXT NOT NULL,
    "underlying_case_ref" TEXT,
    "urgent_reasons" TEXT[],
    "requested_amount_fen" BIGINT NOT NULL,
    "consent_form" TEXT,
    "received_on" DATE NOT NULL,
    "review_due_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "relation" TEXT,
    "dependency" TEXT,
    "name" TEXT NOT NULL,
    "id_number" TEXT,
    "phone" TEXT,
    "region_code" TEXT,
    "address" TEXT,
    "bank_account" TEXT,
    "monthly_household_income_fen" BIGINT,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lead_history" (
    "id" BIGSERIAL NOT NULL,
    "lead_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "org_id" TEXT NOT NULL,
    "org_name" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "to_org_id" TEXT,
    "to_org_name" TEXT,
    "note" TEXT,

    CONSTRAINT "lead_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "duplicate_check" (
    "id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "checked_by" TEXT NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "matches" JSONB NOT NULL,
    "decision" TEXT,
    "reason" TEXT,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "duplicate_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deadline_rule" (
    "region_prefix" TEXT NOT NULL,
    "review_days" INTEGER NOT NULL,
    "urgent_medical_review_days" INTEGER NOT NULL,
    "near_working_days" INTEGER NOT NULL,

    CONSTRAINT "deadline_rule_pkey" PRIMARY KEY ("region_prefix")
);

-- CreateTable
CREATE TABLE "deadline_alert" (
    "lead_id" UUID NOT NULL,
    "holder_org_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "review_due_on" DATE NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deadline_alert_pkey" PRIMARY KEY ("lead_id","holder_org_id","level")
);

-- CreateTable
CREATE TABLE "person_data_access" (
    "id" BIGSERIAL NOT NULL,
    "person_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "accessed_by" TEXT NOT NULL,
    "accessed_by_org" TEXT NOT NULL,
    "accessed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fields" TEXT[],
    "purpose" TEXT NOT NULL,

    CONSTRAINT "person_data_access_pkey" PRIMARY KEY ("id")
);

-- Default review periods (brief §3): 5 working days, 2 for urgent medical cases; near = 1 working day left.
INSERT INTO "deadline_rule" ("region_prefix", "review_days", "urgent_medical_review_days", "near_working_days")
VALUES ('', 5, 2, 1);

-- Move existing cases' applicants onto leads.
ALTER TABLE "case" ADD COLUMN "lead_id" UUID;
UPDATE "case" SET "lead_id" = gen_random_uuid();

INSERT INTO "lead" ("id", "source", "sender_org_id", "sender_org_name", "sender_department", "submitted_by",
    "holder_org_id", "holder_org_name", "holder_org_type", "holder_region_code", "status", "incident_summary",
    "urgent_reasons", "requested_amount_fen", "received_on", "review_due_on", "created_at", "decided_at")
SELECT "lead_id", "source", "handling_org_id", "handling_org_id", "referred_by", "opened_by",
    "handling_org_id", "handling_org_id",
    CASE WHEN "handling_org_id" LIKE 'procuratorate-%' THEN 'procuratorate' ELSE 'court' END,
    "applicant_region_code", 'accepted', "incident_summary",
    CASE WHEN "urgent" THEN ARRAY['urgent_medical'] ELSE ARRAY[]::TEXT[] END,
    "requested_amount_fen", ("opened_at" AT TIME ZONE 'Asia/Shanghai')::date,
    ("opened_at" AT TIME ZONE 'Asia/Shanghai')::date, "opened_at", "opened_at"
FROM "case";

INSERT INTO "person" ("id", "lead_id", "role", "relation", "name", "id_number", "phone", "region_code",
    "address", "bank_account")
SELECT gen_random_uuid(), "lead_id", 'applicant', 'self', "applicant_name", "applicant_id_number",
    "applicant_phone", "applicant_region_code", "applicant_address", "applicant_bank_account"
FROM "case";

ALTER TABLE "case" ALTER COLUMN "lead_id" SET NOT NULL,
    DROP COLUMN "referred_by",
    DROP COLUMN "applicant_name",
    DROP COLUMN "applicant_id_number",
    DROP COLUMN "applicant_phone",
    DROP COLUMN "applicant_region_code",
    DROP COLUMN "applicant_address",
    DROP COLUMN "applicant_bank_account",
    DROP COLUMN "incident_summary";

-- CreateIndex
CREATE UNIQUE INDEX "case_lead_id_key" ON "case"("lead_id");

-- CreateIndex
CREATE INDEX "lead_holder_org_id_status_review_due_on_idx" ON "lead"("holder_org_id", "status", "review_due_on");

-- CreateIndex
CREATE INDEX "lead_sender_org_id_idx" ON "lead"("sender_org_id");

-- CreateIndex
CREATE INDEX "lead_group_id_idx" ON "lead"("group_id");

-- CreateIndex
CREATE INDEX "person_lead_id_idx" ON "person"("lead_id");

-- CreateIndex
CREATE INDEX "person_id_number_idx" ON "person"("id_number");

-- CreateIndex
CREATE INDEX "lead_history_lead_id_id_idx" ON "lead_history"("lead_id", "id");

-- CreateIndex
CREATE INDEX "lead_history_org_id_idx" ON "lead_history"("org_id");

-- CreateIndex
CREATE INDEX "duplicate_check_lead_id_checked_at_idx" ON "duplicate_check"("lead_id", "checked_at");

-- CreateIndex
CREATE INDEX "deadline_alert_holder_org_id_raised_at_idx" ON "deadline_alert"("holder_org_id", "raised_at");

-- CreateIndex
CREATE INDEX "person_data_access_person_id_accessed_at_idx" ON "person_data_access"("person_id", "accessed_at");

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead_history" ADD CONSTRAINT "lead_history_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "duplicate_check" ADD CONSTRAINT "duplicate_check_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

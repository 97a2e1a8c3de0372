-- AlterTable
ALTER TABLE "visit" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'return_visit',
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'disbursement',
ADD COLUMN     "conducted_on" DATE,
ADD COLUMN     "poverty_risk" TEXT,
ADD COLUMN     "serious_deterioration" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "record" JSONB,
ADD COLUMN     "recorded_by" TEXT;

-- CreateTable
CREATE TABLE "followup_case" (
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "case_number" TEXT,
    "has_minors" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'open',
    "plan_start_on" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "followup_case_pkey" PRIMARY KEY ("case_id")
);

-- CreateTable
CREATE TABLE "visit_plan" (
    "org_id" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "counselling_months_after" INTEGER[],
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "visit_plan_pkey" PRIMARY KEY ("org_id")
);

-- CreateTable
CREATE TABLE "deterioration_alert" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "visit_id" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deterioration_alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "observation_entry" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "amount_fen" BIGINT,
    "partner_org_id" TEXT,
    "referral_id" UUID,
    "outcome" TEXT,

    CONSTRAINT "observation_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_audit" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "actor_user_id" TEXT NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agenda_item" (
    "id" UUID NOT NULL,
    "region" TEXT NOT NULL,
    "meeting_on" DATE NOT NULL,
    "topic" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "responsible_org_id" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "recorded_by" TEXT NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agenda_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "visit_handling_org_id_status_due_on_idx" ON "visit"("handling_org_id", "status", "due_on");

-- CreateIndex
CREATE INDEX "followup_case_handling_org_id_idx" ON "followup_case"("handling_org_id");

-- CreateIndex
CREATE INDEX "deterioration_alert_handling_org_id_idx" ON "deterioration_alert"("handling_org_id");

-- CreateIndex
CREATE INDEX "observation_entry_case_id_occurred_at_idx" ON "observation_entry"("case_id", "occurred_at");

-- CreateIndex
CREATE INDEX "observation_entry_handling_org_id_kind_occurred_at_idx" ON "observation_entry"("handling_org_id", "kind", "occurred_at");

-- CreateIndex
CREATE INDEX "case_audit_case_id_idx" ON "case_audit"("case_id");

-- CreateIndex
CREATE INDEX "agenda_item_region_meeting_on_idx" ON "agenda_item"("region", "meeting_on");

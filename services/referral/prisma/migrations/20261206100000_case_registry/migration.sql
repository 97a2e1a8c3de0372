-- The cases this service knows, from intake.case-opened (packages/service-kit, caseRegistryTableSql).
-- CreateTable
CREATE TABLE "case_registry" (
    "case_id" UUID NOT NULL,
    "case_number" TEXT,
    "handling_org_id" TEXT NOT NULL,
    "handling_org_parent_id" TEXT,
    "handling_region" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_registry_pkey" PRIMARY KEY ("case_id")
);

-- CreateIndex
CREATE INDEX "case_registry_handling_org_id_idx" ON "case_registry"("handling_org_id");

-- Cases known before referral kept the registry (it also reads every retained intake.case-opened on its first
-- start): those investigation or follow-up suggested referring. Referrals themselves are left out: their
-- handling agency came from whoever sent them.
INSERT INTO "case_registry" ("case_id", "handling_org_id", "opened_at")
SELECT DISTINCT ON ("case_id") "case_id", "handling_org_id", "created_at"
FROM "referral_suggestion"
ORDER BY "case_id", "created_at";

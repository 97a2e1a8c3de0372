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

-- Cases opened before the registry, as approval recorded them from intake.case-opened; cases approval heard of
-- only through a verification keep what their approval request knows.
INSERT INTO "case_registry" ("case_id", "case_number", "handling_org_id", "handling_org_parent_id", "urgent", "opened_at")
SELECT "case_id", "case_number", "handling_org_id", "handling_org_parent_id", "urgent", "opened_at"
FROM "opened_case";
INSERT INTO "case_registry" ("case_id", "handling_org_id", "handling_org_parent_id", "opened_at")
SELECT "case_id", "handling_org_id", "handling_org_parent_id", "updated_at"
FROM "approval_request"
ON CONFLICT ("case_id") DO NOTHING;

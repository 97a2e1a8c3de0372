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

-- Cases paid before payments kept the registry (it also reads every retained intake.case-opened on its first
-- start): what approval's decisions and advances told it. Pledges are left out: they came from callers.
INSERT INTO "case_registry" ("case_id", "case_number", "handling_org_id", "handling_org_parent_id", "opened_at")
SELECT DISTINCT ON (i."case_id") i."case_id", n."case_number", i."handling_org_id", p."parent_id", i."approved_at"
FROM "payment_instruction" i
LEFT JOIN "case_number" n ON n."case_id" = i."case_id"
LEFT JOIN "org_parent" p ON p."org_id" = i."handling_org_id"
ORDER BY i."case_id", i."approved_at";

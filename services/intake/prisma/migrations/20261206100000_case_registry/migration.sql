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

-- Cases opened before the registry: intake's own record of them.
INSERT INTO "case_registry" ("case_id", "case_number", "handling_org_id", "handling_org_parent_id", "handling_region", "urgent", "opened_at")
SELECT c."id", c."case_number", c."handling_org_id", c."handling_org_parent_id", l."holder_region_code", c."urgent", c."opened_at"
FROM "case" c JOIN "lead" l ON l."id" = c."lead_id";

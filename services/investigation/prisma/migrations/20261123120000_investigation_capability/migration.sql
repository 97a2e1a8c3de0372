-- Issue #3: investigation with tasks, eligibility findings, versioned amount rule tables and review reports.
-- The thin slice's "verification" rows were already handed to approval; nothing reads them any more.
-- DropTable
DROP TABLE "verification";

-- CreateTable
CREATE TABLE "investigation_case" (
    "case_id" UUID NOT NULL,
    "case_number" TEXT NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL,
    "requested_amount_fen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "report_id" UUID,

    CONSTRAINT "investigation_case_pkey" PRIMARY KEY ("case_id")
);

-- CreateTable
CREATE TABLE "investigation_task" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "planned_for" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "facts" JSONB,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by" TEXT,
    "recorded_at" TIMESTAMPTZ(3),

    CONSTRAINT "investigation_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "task_id" UUID,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "reasons" TEXT NOT NULL,
    "rule_set_version" TEXT NOT NULL,
    "evaluation" JSONB NOT NULL,
    "referral_programme" TEXT,
    "referral_reason" TEXT,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "amount_rule_table" (
    "region" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "average_monthly_wage_fen" BIGINT NOT NULL,
    "cap_months" INTEGER NOT NULL,
    "per_case_cap_fen" BIGINT,
    "minimum_amount_fen" BIGINT NOT NULL,
    "minimum_living_standard_fen" BIGINT NOT NULL,
    "harm_tier_months" JSONB NOT NULL,
    "fault_reduction_percent" JSONB NOT NULL,
    "livelihood_months" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "published_by" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "amount_rule_table_pkey" PRIMARY KEY ("region","year","version")
);

-- CreateTable
CREATE TABLE "recommendation" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "table_region" TEXT NOT NULL,
    "table_year" INTEGER NOT NULL,
    "table_version" INTEGER NOT NULL,
    "applicant_fault" TEXT NOT NULL,
    "computed_amount_fen" BIGINT NOT NULL,
    "recommended_amount_fen" BIGINT NOT NULL,
    "cap_fen" BIGINT NOT NULL,
    "above_cap_exception" BOOLEAN NOT NULL,
    "adjustment_reason" TEXT,
    "explanation" JSONB NOT NULL,
    "recommended_by" TEXT NOT NULL,
    "recommended_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_report" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "generated_by" TEXT NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "investigation_case_handling_org_id_status_idx" ON "investigation_case"("handling_org_id", "status");

-- CreateIndex
CREATE INDEX "investigation_task_case_id_idx" ON "investigation_task"("case_id");

-- CreateIndex
CREATE INDEX "attachment_case_id_idx" ON "attachment"("case_id");

-- CreateIndex
CREATE INDEX "finding_case_id_recorded_at_idx" ON "finding"("case_id", "recorded_at");

-- CreateIndex
CREATE INDEX "recommendation_case_id_recommended_at_idx" ON "recommendation"("case_id", "recommended_at");

-- CreateIndex
CREATE INDEX "review_report_case_id_idx" ON "review_report"("case_id");

-- AddForeignKey
ALTER TABLE "investigation_task" ADD CONSTRAINT "investigation_task_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "investigation_case"("case_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "investigation_case"("case_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "investigation_task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "investigation_case"("case_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendation" ADD CONSTRAINT "recommendation_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "investigation_case"("case_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendation" ADD CONSTRAINT "recommendation_table_region_table_year_table_version_fkey" FOREIGN KEY ("table_region", "table_year", "table_version") REFERENCES "amount_rule_table"("region", "year", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_report" ADD CONSTRAINT "review_report_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "investigation_case"("case_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rule table versions are an audit trail: append only (not expressible in the Prisma schema).
CREATE FUNCTION "amount_rule_table_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'amount_rule_table is append-only: publish a new version instead';
END;
$$;
CREATE TRIGGER "amount_rule_table_append_only" BEFORE UPDATE OR DELETE ON "amount_rule_table"
    FOR EACH ROW EXECUTE FUNCTION "amount_rule_table_append_only"();

-- Seed tables, ILLUSTRATIVE figures only (the administrator publishes the official ones as new versions):
-- Guangdong 440000 and Shandong 370000 for 2026, from plausible 2025 average monthly wages of employees.
INSERT INTO "amount_rule_table" ("region", "year", "version", "average_monthly_wage_fen", "cap_months",
    "per_case_cap_fen", "minimum_amount_fen", "minimum_living_standard_fen", "harm_tier_months",
    "fault_reduction_percent", "livelihood_months", "reason", "published_by") VALUES
('440000', 2026, 1, 980000, 36, NULL, 100000, 90000,
    '{"none": 6, "minor": 6, "serious": 18, "disability": 24, "critical": 24, "death": 36}',
    '{"none": 0, "minor": 20, "major": 50}', 12,
    '示例数据：广东省2026年度救助金额标准（按上年度职工月平均工资9,800元估算，仅供演示）', 'system:seed'),
('370000', 2026, 1, 820000, 36, 20000000, 50000, 80000,
    '{"none": 4, "minor": 6, "serious": 15, "disability": 20, "critical": 20, "death": 30}',
    '{"none": 0, "minor": 20, "major": 50}', 6,
    '示例数据：山东省2026年度救助金额标准（按上年度职工月平均工资8,200元估算，单案上限20万元，仅供演示）', 'system:seed');

-- CreateTable
CREATE TABLE "opened_case" (
    "case_id" UUID NOT NULL,
    "case_number" TEXT NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "handling_org_parent_id" TEXT,
    "urgent" BOOLEAN NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "opened_case_pkey" PRIMARY KEY ("case_id")
);

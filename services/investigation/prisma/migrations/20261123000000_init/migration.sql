-- CreateTable
CREATE TABLE "verification" (
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "requested_amount_fen" BIGINT NOT NULL,
    "recommended_amount_fen" BIGINT NOT NULL,
    "cap_fen" BIGINT NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("case_id")
);

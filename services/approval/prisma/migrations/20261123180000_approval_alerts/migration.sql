-- CreateTable
CREATE TABLE "approval_alert" (
    "id" UUID NOT NULL,
    "alert_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "case_id" UUID NOT NULL,
    "request_id" UUID,
    "advance_id" UUID,
    "step" TEXT,
    "level" INTEGER,
    "handling_org_id" TEXT NOT NULL,
    "addressed_org_id" TEXT NOT NULL,
    "addressed_roles" TEXT[] NOT NULL,
    "due_on" DATE NOT NULL,
    "days_over" INTEGER NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "approval_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "approval_alert_alert_key_key" ON "approval_alert"("alert_key");

-- CreateIndex
CREATE INDEX "approval_alert_addressed_org_id_closed_at_idx" ON "approval_alert"("addressed_org_id", "closed_at");

-- CreateIndex
CREATE INDEX "approval_alert_handling_org_id_closed_at_idx" ON "approval_alert"("handling_org_id", "closed_at");

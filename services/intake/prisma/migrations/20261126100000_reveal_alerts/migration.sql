-- Audit alerts of the per-person reveal limit (packages/service-kit, revealLimit), and an index to count a
-- person's recent reveals from the audit rows.
-- CreateTable
CREATE TABLE "reveal_alert" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "reveals" INTEGER NOT NULL,
    "limit_per_minute" INTEGER NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reveal_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reveal_alert_user_id_window_start_key" ON "reveal_alert"("user_id", "window_start");

-- CreateIndex
CREATE INDEX "reveal_alert_org_id_raised_at_idx" ON "reveal_alert"("org_id", "raised_at");

-- CreateIndex
CREATE INDEX "person_data_access_accessed_by_accessed_at_idx" ON "person_data_access"("accessed_by", "accessed_at");

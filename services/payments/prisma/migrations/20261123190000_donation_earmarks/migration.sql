-- Donation money pledged to a case is reserved for that case (定向捐助): an earmark per donation budget and
-- case, and on the budget the part of its available money that is earmarked (never more than available).
CREATE TABLE "donation_earmark" (
    "budget_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "received_fen" BIGINT NOT NULL DEFAULT 0,
    "drawn_fen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "donation_earmark_pkey" PRIMARY KEY ("budget_id", "case_id"),
    CONSTRAINT "donation_earmark_drawn_check" CHECK ("drawn_fen" >= 0 AND "drawn_fen" <= "received_fen")
);

ALTER TABLE "budget" ADD COLUMN "earmarked_fen" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "payment_instruction" ADD COLUMN "earmarked_fen" BIGINT NOT NULL DEFAULT 0;

-- Money already received: earmarked for its case, less what that case's payments already took from the budget.
INSERT INTO "donation_earmark" ("budget_id", "case_id", "received_fen", "drawn_fen")
SELECT r."budget_id", p."case_id", sum(r."amount_fen"),
       LEAST(sum(r."amount_fen"), coalesce((
           SELECT sum(i."amount_fen") FROM "payment_instruction" i
           WHERE i."budget_id" = r."budget_id" AND i."case_id" = p."case_id" AND i."status" <> 'cancelled'), 0))
FROM "pledge_receipt" r JOIN "pledge" p ON p."id" = r."pledge_id"
GROUP BY r."budget_id", p."case_id";

UPDATE "budget" b SET "earmarked_fen" = LEAST(b."available_fen", e."undrawn")
FROM (SELECT "budget_id", sum("received_fen" - "drawn_fen") AS "undrawn" FROM "donation_earmark" GROUP BY "budget_id") e
WHERE e."budget_id" = b."id";

ALTER TABLE "budget" ADD CONSTRAINT "budget_earmarked_check" CHECK ("earmarked_fen" >= 0 AND "earmarked_fen" <= "available_fen");

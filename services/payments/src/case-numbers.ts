import type { Db, Tx } from './database.ts';

/** Remembers a case's number (案件编号) from an approval event; older events lack it. */
export async function rememberCaseNumber(tx: Tx, caseId: string, caseNumber: string | undefined) {
  if (caseNumber)
    await tx.caseNumber.upsert({ where: { caseId }, create: { caseId, caseNumber }, update: { caseNumber } });
}

/** The numbers known for these cases, by case id. */
export async function caseNumbersOf(db: Db | Tx, caseIds: string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.caseNumber.findMany({ where: { caseId: { in: caseIds } } });
  return new Map(rows.map((row) => [row.caseId, row.caseNumber]));
}

/** The decision numbers (决定编号) known for these decisions, by decision id. */
export async function decisionNumbersOf(db: Db | Tx, decisionIds: string[]): Promise<Map<string, string>> {
  if (decisionIds.length === 0) return new Map();
  const rows = await db.handledDecision.findMany({
    where: { decisionId: { in: decisionIds }, decisionNumber: { not: null } },
  });
  return new Map(rows.map((row) => [row.decisionId, row.decisionNumber!]));
}

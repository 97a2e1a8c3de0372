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

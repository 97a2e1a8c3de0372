import type { ChainConfig } from '@jiuzhu/contracts';
import { DEFAULT_CHAIN_CONFIG } from '../domain/chain.ts';
import type { Db, Tx } from '../database.ts';

/** The chain the agency saved, or null when it never saved one. */
export async function storedChainConfig(db: Db | Tx, orgId: string): Promise<ChainConfig | null> {
  const row = await db.chainConfig.findUnique({ where: { orgId } });
  if (!row) return null;
  return {
    finalApprover: row.finalApprover as ChainConfig['finalApprover'],
    superiorThresholdFen: Number(row.superiorThresholdFen),
    numberPattern: row.numberPattern,
    advanceCapFen: Number(row.advanceCapFen),
    advanceCompletionDays: row.advanceCompletionDays,
    stepDeadlineWorkingDays: row.stepDeadlineDays,
  };
}

/** The chain the agency's cases follow. */
export async function chainConfigOf(db: Db | Tx, orgId: string): Promise<ChainConfig> {
  return (await storedChainConfig(db, orgId)) ?? DEFAULT_CHAIN_CONFIG;
}

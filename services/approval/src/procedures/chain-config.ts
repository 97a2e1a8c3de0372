import type { ApprovalApi } from '@jiuzhu/contracts';
import { requireAllowed } from '@jiuzhu/service-kit';
import type { ApprovalContext } from '../context.ts';
import { storedChainConfig } from '../db/chain-config.ts';
import { sharedPatternProblem } from '../decision-number.ts';
import { DEFAULT_CHAIN_CONFIG } from '../domain/chain.ts';
import { conflict } from '@jiuzhu/service-kit/domain-error';

export const chainConfigProcedures = ({
  db,
}: ApprovalContext): Pick<ApprovalApi, 'configureChain' | 'getChainConfig'> => ({
  async configureChain({ principal }, { orgId, ...config }) {
    requireAllowed(principal, 'approval.configure', { handlingOrgId: orgId });
    const shared = await sharedPatternProblem(db, orgId, config.numberPattern);
    if (shared) throw conflict(shared);
    const data = {
      finalApprover: config.finalApprover,
      superiorThresholdFen: BigInt(config.superiorThresholdFen),
      numberPattern: config.numberPattern,
      advanceCapFen: BigInt(config.advanceCapFen),
      advanceCompletionDays: config.advanceCompletionDays,
      stepDeadlineDays: config.stepDeadlineWorkingDays,
    };
    await db.chainConfig.upsert({ where: { orgId }, create: { orgId, ...data }, update: data });
    return config;
  },

  async getChainConfig({ principal }, { orgId }) {
    // Read with the same rule as saving: the administrator of that agency.
    requireAllowed(principal, 'approval.configure', { handlingOrgId: orgId });
    const stored = await storedChainConfig(db, orgId);
    return stored
      ? { orgId, ...stored, source: 'stored' as const }
      : { orgId, ...DEFAULT_CHAIN_CONFIG, source: 'default' as const };
  },
});

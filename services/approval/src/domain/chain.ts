import { beijingDateOf } from '@jiuzhu/calendar';
import { type ApprovalStepName, type ChainConfig } from '@jiuzhu/contracts';
import { conflict } from '@jiuzhu/service-kit/domain-error';

export interface ChainStep {
  name: ApprovalStepName;
  orgId: string;
}

export { DEFAULT_CHAIN_CONFIG, STEP_ROLES } from '@jiuzhu/contracts';

export const STEP_LABELS: Readonly<Record<ApprovalStepName, string>> = {
  department_head: '部门负责人',
  chief: '院长/检察长',
  committee: '司法救助委员会',
  superior: '上级机构',
};

export interface ChainFacts {
  handlingOrgId: string;
  handlingOrgParentId: string | null;
  eligible: boolean;
  recommendedAmountFen: number;
  capFen: number;
  aboveCapException: boolean;
  joint: boolean;
}

/** Whether the superior agency must approve: large amounts, exceptions above the cap, joint assistance. */
export function needsSuperior(facts: ChainFacts, config: ChainConfig): boolean {
  if (!facts.eligible) return false;
  return (
    facts.joint ||
    facts.aboveCapException ||
    facts.recommendedAmountFen > facts.capFen ||
    facts.recommendedAmountFen > config.superiorThresholdFen
  );
}

/** The steps a request passes, lowest first. A conflict when the superior agency is needed but unknown. */
export function buildChain(facts: ChainFacts, config: ChainConfig): ChainStep[] {
  const steps: ChainStep[] = [
    { name: 'department_head', orgId: facts.handlingOrgId },
    { name: config.finalApprover, orgId: facts.handlingOrgId },
  ];
  if (needsSuperior(facts, config)) {
    if (!facts.handlingOrgParentId) throw conflict('无法确定上级机构，不能报请上级审批。');
    steps.push({ name: 'superior', orgId: facts.handlingOrgParentId });
  }
  return steps;
}

/** The calendar year in Beijing, which decision numbering follows. */
export const chinaYear = (at: Date): number => Number(beijingDateOf(at).slice(0, 4));

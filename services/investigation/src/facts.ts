import type { TaskFacts, TaskKind } from '@jiuzhu/contracts';

export type FactsOf<K extends TaskKind> = Extract<TaskFacts, { kind: K }>;

/** The latest recorded facts of each kind: what eligibility, amount and report are computed from. */
export type CaseFacts = { [K in TaskKind]?: FactsOf<K> };

export function latestFacts(tasks: ReadonlyArray<{ facts: unknown; recordedAt: Date | null }>): CaseFacts {
  const facts: Record<string, TaskFacts> = {};
  const recorded = tasks
    .filter((task) => task.facts !== null && task.recordedAt !== null)
    .sort((a, b) => a.recordedAt!.getTime() - b.recordedAt!.getTime());
  for (const task of recorded) {
    const value = task.facts as TaskFacts;
    facts[value.kind] = value;
  }
  return facts as CaseFacts;
}

/** Per-capita monthly income in fen, rounded down. */
export function perCapitaMonthlyIncomeFen(household: FactsOf<'household_finances'>): number {
  return Math.floor(household.annualIncomeFen / 12 / household.householdSize);
}

export function totalLossFen(losses: FactsOf<'losses'>): number {
  return losses.medicalCostsFen + losses.propertyLossFen + losses.otherLossesFen;
}

export function alreadyReceivedFen(facts: CaseFacts): number {
  const compensation = facts.compensation_received;
  return (
    (compensation ? compensation.fromOffenderFen + compensation.fromInsuranceFen : 0) +
    (facts.assistance_received?.otherAssistanceFen ?? 0)
  );
}

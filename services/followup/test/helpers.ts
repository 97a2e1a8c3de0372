import { createTRPCClient, httpLink } from '@trpc/client';
import { caseOpened, type FollowupRouter } from '@jiuzhu/contracts';
import { startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { followupService } from '../src/service.ts';
import { addDays, beijingToday } from '@jiuzhu/calendar';

export type Harness = Awaited<ReturnType<typeof startServiceUnderTest>>;

export const XINYI_COURT = 'court-440983';
export const GAOZHOU_COURT = 'court-440981';

/**
 * Follow-up on a fresh schema, delivering intake's opening of each case before the first event about it unless the
 * test opened it itself, as in production (follow-up shows a case only to those its opening names). The opening
 * names the agency the event names; it carries no parent or region unless the test gives them.
 */
export async function startFollowup(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const harness = await startServiceUnderTest(followupService, env);
  const openings = new Set<string>();
  const deliver: Harness['deliver'] = async (def, payload, overrides) => {
    const about = payload as { caseId?: string; handlingOrgId?: string };
    const known = async (caseId: string) =>
      (await harness.query(`SELECT 1 FROM case_registry WHERE case_id = $1`, [caseId])).length > 0;
    if (def.type === caseOpened.type && about.caseId) openings.add(about.caseId);
    else if (
      about.caseId &&
      about.handlingOrgId &&
      !openings.has(about.caseId) &&
      !(await known(about.caseId))
    )
      await harness.openCase({
        caseId: about.caseId,
        handlingOrgId: about.handlingOrgId,
        handlingOrgParentId: undefined,
        handlingRegion: undefined,
      });
    return harness.deliver(def, payload, overrides);
  };
  return { ...harness, deliver };
}

/** A tRPC client signed in as a demo user. */
export async function as(harness: Harness, username: string) {
  const token = await harness.tokenFor(username);
  return createTRPCClient<FollowupRouter>({
    links: [httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}
export type Client = Awaited<ReturnType<typeof as>>;

export const aDisbursement = (caseId: string, amountFen = 3_000_000, handlingOrgId = XINYI_COURT) => ({
  caseId,
  handlingOrgId,
  disbursementId: crypto.randomUUID(),
  decisionId: crypto.randomUUID(),
  amountFen,
  fundSource: 'county_finance',
});

/** Events the service published, from its outbox. */
export async function published(harness: Harness, type: string) {
  const rows = await harness.query<{ envelope: { payload: Record<string, unknown> } }>(
    `SELECT envelope FROM outbox WHERE envelope->>'type' = $1 ORDER BY seq`,
    [type],
  );
  return rows.map((row) => row.envelope.payload);
}

/** A calendar date `days` from today (negative: in the past), in Beijing. */
export function beijingDaysFromNow(days: number): string {
  return addDays(beijingToday(), days);
}

/** A visit record with nothing worrying in it. */
export const aCalmVisit = (visitId: string, conductedOn: string) => ({
  visitId,
  conductedOn,
  method: 'phone' as const,
  livingSituation: '生活基本稳定，住房无变化',
  incomeChange: 'unchanged' as const,
  health: '伤情恢复良好',
  childrenSchooling: '子女正常就读',
  psychologicalState: '情绪平稳',
  povertyRisk: 'none' as const,
});

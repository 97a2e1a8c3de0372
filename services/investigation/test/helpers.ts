import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { caseOpened, type InvestigationRouter, type TaskFacts } from '@jiuzhu/contracts';
import { eventually, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { investigationService } from '../src/service.ts';

export type Harness = Awaited<ReturnType<typeof startServiceUnderTest>>;
export type Client = ReturnType<typeof clientFor>;

export function clientFor(url: string, token: string) {
  return createTRPCClient<InvestigationRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
}

/** The service on a fresh schema, with attachments in a temporary directory. */
export async function startInvestigation() {
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'jiuzhu-attachments-'));
  const harness = await startServiceUnderTest(investigationService, { ATTACHMENTS_DIR: attachmentsDir });
  const tokens = new Map<string, string>();
  return {
    harness,
    async as(username: string): Promise<Client> {
      const token = tokens.get(username) ?? (await harness.tokenFor(username));
      tokens.set(username, token);
      return clientFor(harness.url, token);
    },
    /** Delivers intake's case-opened and waits until the case shows in investigation. */
    async openCase(handlingOrgId: string, caseworker: Client) {
      const caseId = crypto.randomUUID();
      await harness.deliver(caseOpened, {
        caseId,
        caseNumber: `JZ-2026-${handlingOrgId}-${caseId.slice(0, 5)}`,
        handlingOrgId,
        leadSource: 'ex_officio',
        urgent: false,
        requestedAmountFen: 5_000_000,
      });
      await eventually(() => caseworker.getCase.query({ caseId }), 'case in investigation');
      return caseId;
    },
    /** The verification-completed payload this service put in its outbox for the case. */
    async handedToApproval(caseId: string) {
      const rows = await harness.query<{ envelope: { type: string; payload: Record<string, unknown> } }>(
        `SELECT envelope FROM outbox WHERE key = $1`,
        [caseId],
      );
      return rows.map((row) => row.envelope).filter((e) => e.type === 'investigation.verification-completed');
    },
    async stop() {
      await harness.stop();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/** A family of four living on 24,000 yuan a year (500 yuan per person per month). */
export const poorHousehold: TaskFacts = {
  kind: 'household_finances',
  householdSize: 4,
  membersAbleToWork: 1,
  employedMembers: 1,
  annualIncomeFen: 2_400_000,
  registeredPoorHousehold: true,
  receivesMinimumLivingAllowance: false,
};

export const seriousInjury = (medicalCostsFen = 8_000_000): TaskFacts => ({
  kind: 'losses',
  injury: 'serious',
  medicalCostsFen,
  propertyLossFen: 0,
  otherLossesFen: 500_000,
  description: '被害人被砍伤致重伤，住院治疗两个月',
});

export const offenderCannotPay = (waivedCompensation = false): TaskFacts => ({
  kind: 'compensation_received',
  offenderStatus: 'unable_to_pay',
  fromOffenderFen: 1_000_000,
  fromInsuranceFen: 0,
  waivedCompensation,
});

export const someAssistance: TaskFacts = {
  kind: 'assistance_received',
  otherAssistanceFen: 500_000,
  sources: '镇政府临时救助',
};

/** The refusal grounds no recorded fact decides, judged absent by the caseworker. */
export const noRefusalGrounds = ['R01', 'R02', 'R03', 'R05'].map((ruleId) => ({
  ruleId,
  outcome: 'passed' as const,
  note: '经走访和询问未发现该情形',
}));

export async function recordAll(client: Client, caseId: string, facts: readonly TaskFacts[]) {
  for (const item of facts) await client.recordTask.mutate({ caseId, facts: item });
}

import type { CreateLeadInput } from '@jiuzhu/contracts';
import type { serviceClients } from './clients.ts';
import { beijingYear } from '@jiuzhu/calendar';

/** The steps people take on a case, scripted for the end-to-end tests and the benchmark. */

/** What a caseworker does to open a case: take the lead down, then accept it. */
export async function openCase(intake: ReturnType<typeof serviceClients.intake>, lead: CreateLeadInput) {
  const created = await intake.createLead.mutate(lead);
  return intake.acceptLead.mutate({ leadId: created.leadId });
}

/** A piece of evidence (证据材料) the caseworker attaches while investigating. */
export interface Evidence {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/**
 * What a caseworker records in investigation for a seriously injured victim whose offender cannot pay (with the
 * evidence given, if any), then submits for approval. Waits until the opened case has reached investigation.
 */
export async function investigateAndSubmit(
  investigation: ReturnType<typeof serviceClients.investigation>,
  caseId: string,
  evidence: Evidence[] = [],
) {
  for (let tries = 0; ; tries++) {
    const found = await investigation.getCase.query({ caseId }).catch(() => undefined);
    if (found) break;
    if (tries > 300) throw new Error(`case ${caseId} never reached investigation`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const facts = [
    {
      kind: 'household_finances',
      householdSize: 4,
      membersAbleToWork: 1,
      employedMembers: 1,
      annualIncomeFen: 2_400_000,
      registeredPoorHousehold: true,
      receivesMinimumLivingAllowance: false,
    },
    {
      kind: 'losses',
      injury: 'serious',
      medicalCostsFen: 8_000_000,
      propertyLossFen: 0,
      otherLossesFen: 500_000,
      description: '被害人被砍伤致重伤',
    },
    {
      kind: 'compensation_received',
      offenderStatus: 'unable_to_pay',
      fromOffenderFen: 1_000_000,
      fromInsuranceFen: 0,
      waivedCompensation: false,
    },
    { kind: 'assistance_received', otherAssistanceFen: 500_000, sources: '镇政府临时救助' },
  ] as const;
  for (const fact of facts) await investigation.recordTask.mutate({ caseId, facts: fact });
  for (const file of evidence) await investigation.uploadAttachment.mutate({ caseId, ...file });
  await investigation.recordFinding.mutate({
    caseId,
    eligible: true,
    reasons: '被害人重伤且加害人无力赔偿，家庭困难',
    judgements: (['R01', 'R02', 'R03', 'R05'] as const).map((ruleId) => ({
      ruleId,
      outcome: 'passed' as const,
      note: '经走访和询问未发现该情形',
    })),
  });
  const recommendation = await investigation.recommendAmount.mutate({ caseId, applicantFault: 'none' });
  const submission = await investigation.submitReview.mutate({ caseId });
  return { recommendation, submission };
}

type Client<N extends keyof typeof serviceClients> = ReturnType<(typeof serviceClients)[N]>;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The caseworker submits the verified case; the department head and then the chief approve it. */
export async function approveThroughChain(
  people: { caseworker: Client<'approval'>; head: Client<'approval'>; chief: Client<'approval'> },
  caseId: string,
) {
  await until(
    async () =>
      (await people.caseworker.getApproval.query({ caseId })).status === 'awaiting_submission'
        ? true
        : undefined,
    `case ${caseId} to reach approval`,
  );
  await people.caseworker.submit.mutate({ caseId });
  await people.head.act.mutate({ caseId, step: 'department_head', action: 'approve' });
  await people.chief.act.mutate({ caseId, step: 'chief', action: 'approve' });
}

/** The finance officer funds the year's central-transfer budget (once) and sends the approved payment to the bank. */
export async function fundBudget(finance: Client<'payments'>, orgId: string, allocatedFen: number) {
  const year = beijingYear();
  await finance.setBudget.mutate({ orgId, year, fundSource: 'central_transfer', allocatedFen });
}

export async function payApprovedCase(finance: Client<'payments'>, caseId: string) {
  await until(
    async () => ((await finance.getPayment.query({ caseId })).status === 'awaiting_payee' ? true : undefined),
    `payment of case ${caseId} to await its payee`,
  );
  await finance.preparePayment.mutate({
    caseId,
    payeeName: '李秀英',
    bankAccount: '6222021234567890123',
    bankName: '中国工商银行信宜支行',
  });
}

/** After payment the caseworker refers the person to civil affairs for the minimum living guarantee (低保). */
export async function referToCivilAffairs(
  caseworker: Client<'referral'>,
  caseId: string,
  lead: CreateLeadInput,
) {
  const { referralIds } = await caseworker.sendReferrals.mutate({
    partner: { orgId: 'civil-affairs-440983' },
    items: [
      {
        caseId,
        programme: 'minimum_living_allowance',
        person: {
          name: lead.applicant.name,
          idNumber: lead.applicant.idNumber,
          phone: lead.applicant.phone,
          address: lead.applicant.address,
        },
        reason: '已获司法救助，家庭仍无稳定收入',
      },
    ],
  });
  const [referralId] = referralIds;
  if (!referralId) throw new Error('the referral was not sent');
  return referralId;
}

/** The civil-affairs officer accepts the referral in the bureau's inbox and records the enrolment. */
export async function enrolAsPartner(partner: Client<'referral'>, referralId: string) {
  await partner.accept.mutate({ referralId });
  await partner.recordOutcome.mutate({
    referralId,
    outcome: 'enrolled',
    enrolledProgramme: 'minimum_living_allowance',
    enrolledFrom: '2026-12-01',
    monthlyAmountFen: 65_000,
  });
}

import {
  caseOpened,
  decisionIssued,
  disbursementRecorded,
  referralCreated,
  referralOutcomeRecorded,
  verificationCompleted,
} from '@jiuzhu/contracts';
import { on, type Handler } from '@jiuzhu/bus';
import { addMonths, beijingDateOf, toDbDate } from '@jiuzhu/calendar';
import type { Tx } from './database.ts';
import { programmeLabel, yuan } from './labels.ts';
import { ensureCase, recordFact } from './ledger.ts';
import { planFor, plannedVisits } from './plan.ts';
import { scheduleVisits, type Publish } from './schedule.ts';

const SYSTEM = 'system:followup';

/**
 * Every service's facts about a case go into the observation ledger; a payment starts the visit plan and a
 * referral outcome adds a return visit.
 */
export function followupHandlers(publish: Publish): Handler<Tx>[] {
  return [
    on(caseOpened, async (event, tx) => {
      const p = event.payload;
      await ensureCase(tx, p.caseId, p.handlingOrgId, p);
      await recordFact(tx, event, {
        kind: 'case_opened',
        summary: `立案（${p.caseNumber}）${p.urgent ? '，绿色通道' : ''}，申请救助金额${yuan(p.requestedAmountFen)}元`,
      });
    }),
    on(verificationCompleted, async (event, tx) => {
      const p = event.payload;
      const referral = p.referralRecommendation
        ? `，建议衔接${programmeLabel(p.referralRecommendation.programme)}`
        : '';
      await recordFact(tx, event, {
        kind: 'verification_completed',
        summary: p.eligible
          ? `调查核实完成：符合司法救助条件，建议救助${yuan(p.recommendedAmountFen)}元`
          : `调查核实完成：不符合司法救助条件${referral}`,
      });
    }),
    on(decisionIssued, async (event, tx) => {
      const p = event.payload;
      const number = p.decisionNumber ? `（${p.decisionNumber}）` : '';
      await recordFact(tx, event, {
        kind: 'decision_issued',
        summary:
          p.outcome === 'approved'
            ? `作出救助决定${number}，决定救助${yuan(p.approvedAmountFen)}元`
            : `作出不予救助决定${number}`,
      });
    }),
    on(disbursementRecorded, async (event, tx) => {
      const p = event.payload;
      await recordFact(tx, event, {
        kind: 'disbursement_recorded',
        summary: `发放救助金${yuan(p.amountFen)}元`,
        amountFen: p.amountFen,
      });
      const followupCase = await tx.followupCase.findUniqueOrThrow({ where: { caseId: p.caseId } });
      // The plan counts from the first payment; later payments (the rest after an advance) do not restart it.
      if (followupCase.planStartOn || followupCase.status === 'closed') return;
      const start = beijingDateOf(event.occurredAt);
      await tx.followupCase.update({ where: { caseId: p.caseId }, data: { planStartOn: toDbDate(start) } });
      const plan = await planFor(tx, p.handlingOrgId);
      await scheduleVisits(
        publish,
        tx,
        {
          caseId: p.caseId,
          handlingOrgId: p.handlingOrgId,
          actor: { userId: SYSTEM, orgId: p.handlingOrgId },
        },
        plannedVisits(plan, start, followupCase.hasMinors),
        'disbursement',
      );
    }),
    on(referralCreated, async (event, tx) => {
      const p = event.payload;
      await recordFact(tx, event, {
        kind: 'referral_created',
        summary: `移送${p.partnerOrgName ?? p.partnerOrgId}，申请${programmeLabel(p.programme)}`,
        partnerOrgId: p.partnerOrgId,
        partnerOrgName: p.partnerOrgName,
        referralId: p.referralId,
        answerDueOn: p.answerDueOn,
      });
    }),
    on(referralOutcomeRecorded, async (event, tx) => {
      const p = event.payload;
      const enrolled = [
        `已纳入${programmeLabel(p.enrolledProgramme ?? p.programme)}`,
        p.enrolledFrom ? `（自${p.enrolledFrom}起` : '（',
        p.monthlyAmountFen !== undefined ? `，每月${yuan(p.monthlyAmountFen)}元）` : '）',
      ].join('');
      const summary = {
        enrolled,
        not_enrolled: `经审核未纳入${programmeLabel(p.programme)}`,
        declined: '不予受理',
      }[p.outcome];
      await recordFact(tx, event, {
        kind: 'referral_outcome',
        summary: `${p.partnerOrgName ?? p.partnerOrgId}反馈：${summary}`,
        amountFen: p.monthlyAmountFen,
        partnerOrgId: p.partnerOrgId,
        partnerOrgName: p.partnerOrgName,
        referralId: p.referralId,
        outcome: p.outcome,
      });
      const followupCase = await tx.followupCase.findUniqueOrThrow({ where: { caseId: p.caseId } });
      if (followupCase.status === 'closed') return;
      const plan = await planFor(tx, p.handlingOrgId);
      const first = plan.steps[0] ?? { monthsAfter: 1, method: 'phone' as const };
      await scheduleVisits(
        publish,
        tx,
        {
          caseId: p.caseId,
          handlingOrgId: p.handlingOrgId,
          actor: { userId: SYSTEM, orgId: p.handlingOrgId },
        },
        [
          {
            dueOn: addMonths(beijingDateOf(event.occurredAt), first.monthsAfter),
            method: first.method,
            purpose: 'return_visit',
          },
        ],
        'referral_outcome',
      );
    }),
  ];
}

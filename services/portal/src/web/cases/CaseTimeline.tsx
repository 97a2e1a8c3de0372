import type { ReactNode } from 'react';
import { Timeline, Typography } from 'antd';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { CaseView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useI18n, type Translate } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { formatDateTime, formatFen, leadSourceLabel, statusLabel, visitMethodLabel } from '../i18n/labels.ts';

interface Step {
  key: string;
  title: MessageKey;
  color: string;
  body: ReactNode;
}

/** What a step shows while its service has nothing yet (404), refuses (403) or cannot be reached. */
function pendingStep(
  key: string,
  title: MessageKey,
  query: UseQueryResult<unknown>,
  t: Translate,
): Step | undefined {
  if (query.isLoading) return { key, title, color: 'gray', body: '…' };
  if (!query.error) return undefined;
  const failure = describeFailure(query.error);
  if (failure.kind === 'not_found') return { key, title, color: 'gray', body: t('case.status.pending') };
  if (failure.kind === 'forbidden')
    return { key, title, color: 'gray', body: t('case.status.forbidden', { message: failure.message }) };
  return { key, title, color: 'orange', body: t('case.status.unavailable', { message: failure.message }) };
}

const listOrPending = (items: ReactNode[] | undefined, t: Translate) =>
  items && items.length > 0 ? items : t('case.status.pending');

export function CaseTimeline({ caseView }: { caseView: CaseView }) {
  const api = useApi();
  const { t, language } = useI18n();
  const ref = { caseId: caseView.caseId };
  const investigation = useQuery({
    queryKey: ['investigation', 'getCase', ref.caseId],
    queryFn: () => api.investigation.getCase.query(ref),
  });
  const decision = useQuery({
    queryKey: ['approval', 'getDecision', ref.caseId],
    queryFn: () => api.approval.getDecision.query(ref),
  });
  const disbursements = useQuery({
    queryKey: ['payments', 'listDisbursements', ref.caseId],
    queryFn: () => api.payments.listDisbursements.query(ref),
  });
  const referrals = useQuery({
    queryKey: ['referral', 'listReferrals', ref.caseId],
    queryFn: () => api.referral.listReferrals.query(ref),
  });
  const visits = useQuery({
    queryKey: ['followup', 'listVisits', ref.caseId],
    queryFn: () => api.followup.listVisits.query(ref),
  });

  const steps: Step[] = [
    {
      key: 'opened',
      title: 'case.step.opened',
      color: 'green',
      body: `${formatDateTime(caseView.openedAt)} · ${leadSourceLabel(caseView.source, language)} · ${formatFen(caseView.requestedAmountFen)}`,
    },
    pendingStep('verification', 'case.step.verification', investigation, t) ?? {
      key: 'verification',
      title: 'case.step.verification',
      color: investigation.data?.status === 'submitted' ? 'green' : 'blue',
      body: investigation.data && (
        <>
          {investigation.data.status === 'submitted' ? t('case.submitted') : t('case.investigating')} ·{' '}
          {t('case.investigation', {
            done: investigation.data.tasksDone,
            planned: investigation.data.tasksDone + investigation.data.tasksPlanned,
          })}
          {investigation.data.recommendation && (
            <>
              {' '}
              · {t('case.recommended')} {formatFen(investigation.data.recommendation.recommendedAmountFen)}（
              {t('case.cap')} {formatFen(investigation.data.recommendation.capFen)}）
            </>
          )}
        </>
      ),
    },
    pendingStep('decision', 'case.step.decision', decision, t) ?? {
      key: 'decision',
      title: 'case.step.decision',
      color: decision.data?.outcome === 'approved' ? 'green' : 'red',
      body: decision.data && (
        <>
          {formatDateTime(decision.data.decidedAt)} ·{' '}
          {decision.data.outcome === 'approved' ? t('case.approved') : t('case.refused')} ·{' '}
          {formatFen(decision.data.approvedAmountFen)}
        </>
      ),
    },
    pendingStep('payments', 'case.step.payments', disbursements, t) ?? {
      key: 'payments',
      title: 'case.step.payments',
      color: disbursements.data?.length ? 'green' : 'gray',
      body: listOrPending(
        disbursements.data?.map((d) => (
          <div key={d.disbursementId}>
            {formatDateTime(d.recordedAt)} · {formatFen(d.amountFen)} · {t('case.fundSource')} {d.fundSource}
          </div>
        )),
        t,
      ),
    },
    pendingStep('referrals', 'case.step.referrals', referrals, t) ?? {
      key: 'referrals',
      title: 'case.step.referrals',
      color: referrals.data?.length ? 'green' : 'gray',
      body: listOrPending(
        referrals.data?.map((r) => (
          <div key={r.referralId}>
            {formatDateTime(r.sentAt)} · {t('case.programme')} {r.programme} · {t('case.partner')}{' '}
            {r.partnerOrgId} · {statusLabel(r.status, language)}
          </div>
        )),
        t,
      ),
    },
    pendingStep('followup', 'case.step.followup', visits, t) ?? {
      key: 'followup',
      title: 'case.step.followup',
      color: visits.data?.length ? 'green' : 'gray',
      body: listOrPending(
        visits.data?.map((v) => (
          <div key={v.visitId}>
            {t('case.visitDue')} {v.dueOn} · {visitMethodLabel(v.method, language)} ·{' '}
            {statusLabel(v.status, language)}
          </div>
        )),
        t,
      ),
    },
  ];

  return (
    <Timeline
      items={steps.map((step) => ({
        key: step.key,
        color: step.color,
        children: (
          <div data-testid={`step-${step.key}`}>
            <Typography.Text strong>{t(step.title)}</Typography.Text>
            <div>{step.body}</div>
          </div>
        ),
      }))}
    />
  );
}

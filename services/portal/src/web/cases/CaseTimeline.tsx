import type { ReactNode } from 'react';
import { Timeline, Typography } from 'antd';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { CaseTimelineView, CaseView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure, notThereYet } from '../api/errors.ts';
import { useOrganisationName } from '../directory/useOrganisations.ts';
import { useI18n, type Translate } from '../i18n/i18n.tsx';
import type { Language, MessageKey } from '../i18n/messages.ts';
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
  if (notThereYet(failure)) return { key, title, color: 'gray', body: t('case.status.pending') };
  if (failure.kind === 'forbidden')
    return { key, title, color: 'gray', body: t('case.status.forbidden', { message: failure.message }) };
  return { key, title, color: 'orange', body: t('case.status.unavailable', { message: failure.message }) };
}

const listOrPending = (items: ReactNode[] | undefined, t: Translate) =>
  items && items.length > 0 ? items : t('case.status.pending');

/** The step title of each context whose events the timeline shows. */
const CONTEXT_TITLES: Readonly<Record<string, MessageKey>> = {
  intake: 'case.step.opened',
  investigation: 'case.step.verification',
  approval: 'case.step.decision',
  payments: 'case.step.payments',
  referral: 'case.step.referrals',
  followup: 'case.step.followup',
};

/** Events titled by their own kind rather than by their context's step. */
const KIND_TITLES: Readonly<Record<string, MessageKey>> = {
  'followup.visit-recorded': 'case.step.visitRecorded',
};

const CONTEXT_COLORS: Readonly<Record<string, string>> = {
  intake: 'green',
  investigation: 'blue',
  approval: 'purple',
  payments: 'green',
  referral: 'cyan',
  followup: 'gray',
};

/**
 * Everything that happened to the case, across agencies and services: the follow-up service records every
 * event about it. The opening comes from intake directly (its event may not have reached follow-up yet). While
 * follow-up cannot be reached, the page falls back to what each service reports now.
 */
export function CaseTimeline({ caseView }: { caseView: CaseView }) {
  const api = useApi();
  const { t, language } = useI18n();
  const orgName = useOrganisationName();
  const timeline = useQuery({
    queryKey: ['followup', 'caseTimeline', caseView.caseId],
    queryFn: () => api.followup.caseTimeline.query({ caseId: caseView.caseId }),
    // Events of other services keep arriving while the page is open.
    refetchInterval: 5_000,
  });
  if (timeline.isLoading)
    return (
      <Steps
        steps={[openedStep(caseView, language, orgName), { ...LOADING, title: 'case.step.followup' }]}
        t={t}
      />
    );
  if (timeline.data) return <EventTimeline caseView={caseView} timeline={timeline.data} />;
  const failure = describeFailure(timeline.error);
  // Follow-up has not heard of the case yet (the page refreshes): the opening, and the rest to come.
  if (failure.kind === 'out_of_reach')
    return (
      <Steps
        steps={[
          openedStep(caseView, language, orgName),
          { key: 'pending', title: 'case.step.followup', color: 'gray', body: t('case.status.pending') },
        ]}
        t={t}
      />
    );
  if (failure.kind === 'forbidden')
    return <Typography.Text>{t('case.status.forbidden', { message: failure.message })}</Typography.Text>;
  return <CurrentStateTimeline caseView={caseView} />;
}

function EventTimeline({ caseView, timeline }: { caseView: CaseView; timeline: CaseTimelineView }) {
  const { t, language } = useI18n();
  const orgName = useOrganisationName();
  const opened = openedStep(caseView, language, orgName);
  const events: Step[] = timeline.entries
    .filter((entry) => entry.kind !== 'intake.case-opened')
    .map((entry) => ({
      key: entry.entryId,
      title: KIND_TITLES[entry.kind] ?? CONTEXT_TITLES[entry.context] ?? 'case.step.followup',
      color: CONTEXT_COLORS[entry.context] ?? 'gray',
      body: (
        <span data-testid={`event-${entry.kind}`}>
          {formatDateTime(entry.occurredAt)} · {entry.summary}
          <Typography.Text type="secondary"> · {entry.orgName ?? orgName(entry.orgId)}</Typography.Text>
        </span>
      ),
    }));
  return <Steps steps={[opened, ...events]} t={t} />;
}

const LOADING = { key: 'loading', color: 'gray', body: '…' } as const;

/** The opening, from intake's record of the case; the handling agency named as on the other entries. */
function openedStep(caseView: CaseView, language: Language, orgName: (id: string) => string): Step {
  return {
    key: 'opened',
    title: 'case.step.opened',
    color: 'green',
    body: (
      <>
        {`${formatDateTime(caseView.openedAt)} · ${leadSourceLabel(caseView.source, language)} · ${formatFen(caseView.requestedAmountFen)}`}
        <Typography.Text type="secondary"> · {orgName(caseView.handlingOrgId)}</Typography.Text>
      </>
    ),
  };
}

function Steps({ steps, t }: { steps: Step[]; t: Translate }) {
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

/** The case as each service reports it now, for when the follow-up service's timeline cannot be reached. */
function CurrentStateTimeline({ caseView }: { caseView: CaseView }) {
  const api = useApi();
  const { t, language } = useI18n();
  const orgName = useOrganisationName();
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
    openedStep(caseView, language, orgName),
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
            {r.partnerOrgName || r.partnerOrgId} · {statusLabel(r.status, language)}
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

  return <Steps steps={steps} t={t} />;
}

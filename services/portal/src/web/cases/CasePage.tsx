import { Alert, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { ApprovalPanel } from '../approval/ApprovalPanel.tsx';
import { AdvancePanel } from './AdvancePanel.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { PaymentLine } from './PaymentLine.tsx';
import { RevealPerson } from './RevealPerson.tsx';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApi } from '../api/ApiProvider.tsx';
import { POLICY } from '@jiuzhu/auth/policy';
import { describeFailure, refused } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen, leadSourceLabel, statusLabel } from '../i18n/labels.ts';
import { Forbidden, NotFound } from '../pages/Outcomes.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CaseFollowup } from '../followup/CaseFollowup.tsx';
import { CaseReferrals } from '../referral/CaseReferrals.tsx';

/**
 * One case across every service: intake's record (personal data masked by the service), then what each
 * downstream service knows, as a timeline. Another agency's case answers 403 from intake and shows nothing (except
 * to the overseers of the agency's parent, who read it masked).
 */
export function CasePage() {
  const { caseId = '' } = useParams();
  const api = useApi();
  const { t, l, language } = useI18n();
  const { principal } = useAuth();
  const theCase = useQuery({
    queryKey: ['intake', 'getCase', caseId],
    queryFn: () => api.intake.getCase.query({ caseId }),
  });

  if (theCase.isLoading) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  if (theCase.error) {
    const failure = describeFailure(theCase.error);
    if (refused(failure)) return <Forbidden message={failure.message} />;
    if (failure.kind === 'not_found' || failure.kind === 'invalid')
      return <NotFound message={`${t('notFound.case')} ${failure.message}`} />;
    return <Alert type="error" showIcon message={failure.message} />;
  }
  const view = theCase.data;
  if (!view) return null;
  // A parent agency's overseers read the case, masked; only the handling agency may reveal.
  const mayReveal =
    principal.org?.id === view.handlingOrgId && hasAnyRole(principal, POLICY['person.reveal'].roles);
  // Sections a role does not read are left out (finance pays the case; it does not follow its referrals or visits).
  const readsReferrals = hasAnyRole(principal, POLICY['referral.read'].roles);
  const readsFollowup = hasAnyRole(principal, POLICY['followup.read'].roles);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {t('case.title')} {view.caseNumber}
          </h1>
        }
        extra={
          <Space>
            {view.urgent && <Tag color="red">{t('worklist.urgent')}</Tag>}
            <Tag color="blue">{statusLabel(view.status, language)}</Tag>
            {hasAnyRole(principal, ['caseworker']) && (
              <Link to={`/cases/${view.caseId}/investigation`}>{l('调查核实', 'Investigation')}</Link>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('case.applicant')}>{view.applicant.name}</Descriptions.Item>
          <Descriptions.Item label={t('case.idNumber')}>
            <span data-testid="id-number">{view.applicant.idNumberMasked}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.phone')}>
            <span data-testid="phone">{view.applicant.phoneMasked}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('worklist.source')}>
            {leadSourceLabel(view.source, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('worklist.requested')}>
            {formatFen(view.requestedAmountFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('worklist.openedAt')}>
            {formatDateTime(view.openedAt)}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('case.masked')} {mayReveal && <RevealPerson leadId={view.leadId} />}
        </Typography.Text>
      </Card>
      <AdvancePanel caseId={view.caseId} />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('审批与决定', 'Approval and decision')}</h2>}>
        <ApprovalPanel caseId={view.caseId} />
        <PaymentLine caseId={view.caseId} />
      </Card>
      {readsReferrals && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('衔接移送', 'Referrals')}</h2>}>
          <CaseReferrals caseId={view.caseId} />
        </Card>
      )}
      {readsFollowup && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('回访', 'Follow-up')}</h2>}>
          <CaseFollowup caseId={view.caseId} />
        </Card>
      )}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('case.timeline')}</h2>}>
        <CaseTimeline caseView={view} />
      </Card>
    </Space>
  );
}

import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag, Timeline } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import type { DuplicateCheckView, LeadView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure, refused } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import {
  deadlineLabel,
  formatDateTime,
  formatFen,
  historyActionLabel,
  leadSourceLabel,
  leadStatusLabel,
  personRoleLabel,
} from '../i18n/labels.ts';
import { DuplicateDecision, TransferOrDecline } from '../leads/LeadActions.tsx';
import { Forbidden, NotFound } from './Outcomes.tsx';

type Person = LeadView['people'][number];

/** One lead as its holder sees it: people masked, its history, and the decisions open now. */
export function LeadPage() {
  const { leadId = '' } = useParams();
  const api = useApi();
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [actionError, setActionError] = useState<string>();
  const [duplicates, setDuplicates] = useState<DuplicateCheckView>();
  const lead = useQuery({
    queryKey: ['intake', 'getLead', leadId],
    queryFn: () => api.intake.getLead.query({ leadId }),
  });
  const onError = (error: unknown) => setActionError(describeFailure(error).message);
  const checkDuplicates = useMutation({
    mutationFn: () => api.intake.checkDuplicates.mutate({ leadId }),
    onSuccess: (check) => {
      setActionError(undefined);
      setDuplicates(check);
      void queryClient.invalidateQueries({ queryKey: ['intake', 'getLead', leadId] });
    },
    onError,
  });
  const accept = useMutation({
    mutationFn: () => api.intake.acceptLead.mutate({ leadId }),
    onSuccess: (opened) => {
      void queryClient.invalidateQueries({ queryKey: ['intake'] });
      void navigate(`/cases/${opened.caseId}`);
    },
    onError,
  });

  if (lead.isLoading) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  if (lead.error) {
    const failure = describeFailure(lead.error);
    if (refused(failure)) return <Forbidden message={failure.message} />;
    if (failure.kind === 'not_found' || failure.kind === 'invalid')
      return <NotFound message={failure.message} />;
    return <Alert type="error" showIcon message={failure.message} />;
  }
  const view = lead.data;
  if (!view) return null;
  const decidable = view.access === 'holder' && view.status === 'pending';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {t('lead.page')} {view.caseNumber ?? ''}
          </h1>
        }
        extra={
          <Space>
            {view.urgent && <Tag color="red">{t('worklist.urgent')}</Tag>}
            <Tag color="blue">{leadStatusLabel(view.status, language)}</Tag>
            {view.deadline && <Tag>{deadlineLabel(view.deadline, language)}</Tag>}
          </Space>
        }
      >
        {actionError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={t('lead.actionFailed')}
            description={actionError}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('worklist.source')}>
            {leadSourceLabel(view.source, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.sender')}>
            {view.sender.orgName}
            {view.sender.department ? ` · ${view.sender.department}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.holder')}>{view.holder.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('leads.receivedOn')}>{view.receivedOn}</Descriptions.Item>
          <Descriptions.Item label={t('leads.reviewDueOn')}>{view.reviewDueOn}</Descriptions.Item>
          <Descriptions.Item label={t('worklist.requested')}>
            {formatFen(view.requestedAmountFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('lead.incidentSummary')} span={3}>
            {view.incidentSummary}
          </Descriptions.Item>
        </Descriptions>
        {decidable && (
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => checkDuplicates.mutate()} loading={checkDuplicates.isPending}>
              {t('lead.checkDuplicates')}
            </Button>
            <Button type="primary" onClick={() => accept.mutate()} loading={accept.isPending}>
              {t('lead.accept')}
            </Button>
          </Space>
        )}
        {view.caseId && (
          <Button
            style={{ marginTop: 16 }}
            type="link"
            onClick={() => void navigate(`/cases/${view.caseId}`)}
          >
            {t('lead.openCase')}
          </Button>
        )}
        {duplicates && (
          <Alert
            style={{ marginTop: 16 }}
            type={duplicates.matches.length > 0 ? 'warning' : 'success'}
            showIcon
            message={
              duplicates.matches.length > 0
                ? t('lead.duplicatesFound', { count: duplicates.matches.length })
                : t('lead.noDuplicates')
            }
          />
        )}
        {duplicates && duplicates.matches.length > 0 && decidable && (
          <div style={{ marginTop: 12 }}>
            <DuplicateDecision leadId={leadId} check={duplicates} />
          </div>
        )}
        {decidable && (
          <div style={{ marginTop: 12 }}>
            <TransferOrDecline leadId={leadId} holderOrgId={view.holder.orgId} />
          </div>
        )}
        {view.decisionReason && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon message={view.decisionReason} />
        )}
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('lead.people')}</h2>}>
        <Table<Person>
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={view.people}
          columns={[
            {
              title: t('lead.personRole'),
              dataIndex: 'role',
              render: (role: string) => personRoleLabel(role, language),
            },
            { title: t('lead.personName'), dataIndex: 'name' },
            { title: t('case.idNumber'), dataIndex: 'idNumberMasked' },
            { title: t('case.phone'), dataIndex: 'phoneMasked' },
            { title: t('lead.regionCode'), dataIndex: 'regionCode' },
          ]}
        />
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('lead.history')}</h2>}>
        <Timeline
          items={view.history.map((entry, index) => ({
            key: index,
            children: (
              <>
                {formatDateTime(entry.at)} · {entry.orgName} · {historyActionLabel(entry.action, language)}
                {entry.toOrgName ? ` → ${entry.toOrgName}` : ''}
                {entry.note ? ` · ${entry.note}` : ''}
              </>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

import { useMemo } from 'react';
import { Alert, Button, Card, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CaseView, LeadSummary } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { ExportButton } from '../export/ExportButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import {
  deadlineLabel,
  formatDateTime,
  formatFen,
  leadSourceLabel,
  leadStatusLabel,
} from '../i18n/labels.ts';

const DEADLINE_ORDER: Record<string, number> = { past: 0, near: 1, ok: 2 };
const DEADLINE_COLOUR: Record<string, string> = { past: 'red', near: 'orange', ok: 'green' };

/** Urgent first, then overdue, due soon, on time; within each, the earliest review deadline. */
export function byDeadline(a: LeadSummary, b: LeadSummary): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  const flag = (lead: LeadSummary) => DEADLINE_ORDER[lead.deadline ?? 'ok'] ?? 2;
  return flag(a) - flag(b) || a.reviewDueOn.localeCompare(b.reviewDueOn);
}

function byUrgencyThenAge(a: CaseView, b: CaseView): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  return a.openedAt.localeCompare(b.openedAt);
}

function LeadsTable() {
  const api = useApi();
  const { t, language } = useI18n();
  const leads = useQuery({
    queryKey: ['intake', 'listLeads', 'inbox', 'pending'],
    queryFn: () => api.intake.listLeads.query({ box: 'inbox', status: 'pending' }),
  });
  const rows = useMemo(() => [...(leads.data ?? [])].sort(byDeadline), [leads.data]);
  return (
    <>
      {leads.error && <Alert type="error" showIcon message={describeFailure(leads.error).message} />}
      <ExportButton
        fileName={t('leads.tab')}
        sheetName={t('leads.tab')}
        rows={rows}
        columns={[
          { title: t('worklist.applicant'), value: (row) => row.applicantName ?? row.leadId.slice(0, 8) },
          { title: t('case.idNumber'), value: (row) => row.applicantIdNumberMasked },
          {
            title: t('worklist.priority'),
            value: (row) => (row.urgent ? t('worklist.urgent') : t('worklist.normal')),
          },
          { title: t('worklist.source'), value: (row) => leadSourceLabel(row.source, language) },
          { title: t('leads.receivedOn'), value: (row) => row.receivedOn },
          { title: t('leads.reviewDueOn'), value: (row) => row.reviewDueOn },
          {
            title: t('leads.deadline'),
            value: (row) => row.deadline && deadlineLabel(row.deadline, language),
          },
          { title: t('leads.status'), value: (row) => leadStatusLabel(row.status, language) },
        ]}
      />
      <Table<LeadSummary>
        rowKey="leadId"
        size="middle"
        loading={leads.isLoading}
        dataSource={rows}
        locale={{ emptyText: t('leads.empty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          {
            title: t('worklist.applicant'),
            render: (_, row) => (
              <Link to={`/leads/${row.leadId}`}>{row.applicantName ?? row.leadId.slice(0, 8)}</Link>
            ),
          },
          { title: t('case.idNumber'), dataIndex: 'applicantIdNumberMasked' },
          {
            title: t('worklist.priority'),
            dataIndex: 'urgent',
            render: (urgent: boolean) =>
              urgent ? <Tag color="red">{t('worklist.urgent')}</Tag> : <Tag>{t('worklist.normal')}</Tag>,
          },
          {
            title: t('worklist.source'),
            dataIndex: 'source',
            render: (source: string) => leadSourceLabel(source, language),
          },
          { title: t('leads.receivedOn'), dataIndex: 'receivedOn' },
          { title: t('leads.reviewDueOn'), dataIndex: 'reviewDueOn' },
          {
            title: t('leads.deadline'),
            dataIndex: 'deadline',
            render: (flag: string | null) =>
              flag && <Tag color={DEADLINE_COLOUR[flag]}>{deadlineLabel(flag, language)}</Tag>,
          },
          {
            title: t('leads.status'),
            dataIndex: 'status',
            render: (status: string) => leadStatusLabel(status, language),
          },
        ]}
      />
    </>
  );
}

function CasesTable() {
  const api = useApi();
  const { t, language } = useI18n();
  const cases = useQuery({ queryKey: ['intake', 'listCases'], queryFn: () => api.intake.listCases.query() });
  const rows = useMemo(() => [...(cases.data ?? [])].sort(byUrgencyThenAge), [cases.data]);
  return (
    <>
      {cases.error && <Alert type="error" showIcon message={describeFailure(cases.error).message} />}
      <ExportButton
        fileName={t('cases.tab')}
        sheetName={t('cases.tab')}
        rows={rows}
        columns={[
          { title: t('worklist.caseNumber'), value: (row) => row.caseNumber },
          { title: t('worklist.applicant'), value: (row) => row.applicant.name },
          {
            title: t('worklist.priority'),
            value: (row) => (row.urgent ? t('worklist.urgent') : t('worklist.normal')),
          },
          { title: t('worklist.source'), value: (row) => leadSourceLabel(row.source, language) },
          { title: `${t('worklist.requested')}（元）`, value: (row) => row.requestedAmountFen / 100 },
          { title: t('worklist.openedAt'), value: (row) => formatDateTime(row.openedAt) },
        ]}
      />
      <Table<CaseView>
        rowKey="caseId"
        size="middle"
        loading={cases.isLoading}
        dataSource={rows}
        locale={{ emptyText: t('worklist.empty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          {
            title: t('worklist.caseNumber'),
            dataIndex: 'caseNumber',
            render: (caseNumber: string, row) => <Link to={`/cases/${row.caseId}`}>{caseNumber}</Link>,
          },
          { title: t('worklist.applicant'), render: (_, row) => row.applicant.name },
          {
            title: t('worklist.priority'),
            dataIndex: 'urgent',
            render: (urgent: boolean) =>
              urgent ? <Tag color="red">{t('worklist.urgent')}</Tag> : <Tag>{t('worklist.normal')}</Tag>,
          },
          {
            title: t('worklist.source'),
            dataIndex: 'source',
            render: (source: string) => leadSourceLabel(source, language),
          },
          {
            title: t('worklist.requested'),
            dataIndex: 'requestedAmountFen',
            align: 'right',
            render: (fen: number) => formatFen(fen),
          },
          {
            title: t('worklist.openedAt'),
            dataIndex: 'openedAt',
            render: (at: string) => formatDateTime(at),
          },
        ]}
      />
    </>
  );
}

/** A caseworker's worklist: leads waiting for review (by deadline), then the agency's open cases. */
export function Worklist() {
  const { principal } = useAuth();
  const { t } = useI18n();
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('worklist.title')}</h1>}
      extra={
        principal.roles.includes('caseworker') && (
          <Link to="/leads/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('nav.newLead')}
            </Button>
          </Link>
        )
      }
    >
      <Typography.Text type="secondary">{t('worklist.hint')}</Typography.Text>
      <Tabs
        items={[
          { key: 'leads', label: t('leads.tab'), children: <LeadsTable /> },
          { key: 'cases', label: t('cases.tab'), children: <CasesTable /> },
        ]}
      />
    </Card>
  );
}

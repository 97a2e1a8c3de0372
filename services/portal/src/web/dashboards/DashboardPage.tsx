import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { FundSource } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { ExportButton, type ExportColumn } from '../export/ExportButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatFen } from '../i18n/labels.ts';
import { ChartWithTable } from './Chart.tsx';
import { useOrganisations } from '../directory/useOrganisations.ts';
import { agenciesFor, FUND_SOURCE_LABELS, monthsOf, percentText, yuan } from './figures.ts';
import { beijingToday } from '@jiuzhu/calendar';

interface Column<Row> extends ExportColumn<Row> {
  key: string;
  render?: (row: Row) => ReactNode;
}

/** A small table with its Excel export: the same columns feed both. */
function FiguresTable<Row extends object>({
  rows,
  columns,
  rowKey,
  fileName,
  sheetName,
  testId,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  fileName: string;
  sheetName: string;
  testId?: string;
}) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={testId}>
      <ExportButton fileName={fileName} sheetName={sheetName} columns={columns} rows={rows} />
      <Table<Row>
        size="small"
        rowKey={rowKey}
        dataSource={rows}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        columns={columns.map((column) => ({
          key: column.key,
          title: column.title,
          render: (_: unknown, row: Row) => column.render?.(row) ?? String(column.value(row) ?? ''),
        }))}
      />
    </Space>
  );
}

/**
 * Who may read the agency-wide lists below (mirrors POLICY in @jiuzhu/auth): supervisors follow money, approvals
 * and referrals, but not lead review deadlines nor follow-up visits, so those parts are not shown to them.
 */
const LEAD_ALERT_READERS = ['department_head', 'chief'] as const; // intake: alerts.read
const VISIT_READERS = ['caseworker', 'department_head', 'chief'] as const; // followup: followup.read

function Failure({ error }: { error: unknown }) {
  return error ? <Alert type="error" showIcon message={describeFailure(error).message} /> : null;
}

/** 统计看板: payments, deadlines, referrals and follow-up for chiefs, department heads and supervisors. */
export function DashboardPage() {
  const api = useApi();
  const { principal } = useAuth();
  const { l, language } = useI18n();
  const today = beijingToday();
  const thisYear = Number(today.slice(0, 4));
  const directory = useOrganisations();
  const agencies = useMemo(
    () => agenciesFor(principal.org, directory.data ?? []),
    [principal.org, directory.data],
  );
  const [orgId, setOrgId] = useState(principal.org?.id ?? '');
  const [year, setYear] = useState(thisYear);
  const orgName = agencies.find((org) => org.id === orgId)?.name ?? orgId;
  const yearEnd = `${year}-12-31` < today ? `${year}-12-31` : today;
  const fundLabel = (source: FundSource) => l(...FUND_SOURCE_LABELS[source]);
  const mayReadLeadAlerts = hasAnyRole(principal, LEAD_ALERT_READERS);
  const mayReadVisits = hasAnyRole(principal, VISIT_READERS);

  const statistics = useQuery({
    queryKey: ['payments', 'statistics', orgId, year, yearEnd],
    queryFn: () => api.payments.statistics.query({ orgId, from: `${year}-01-01`, to: yearEnd }),
    enabled: Boolean(orgId),
  });
  const months = useMemo(() => monthsOf(year, today), [year, today]);
  const monthly = useQuery({
    queryKey: ['payments', 'statistics', 'monthly', orgId, year, today],
    queryFn: () =>
      Promise.all(
        months.map(async (range) => ({
          ...range,
          view: await api.payments.statistics.query({ orgId, from: range.from, to: range.to }),
        })),
      ),
    enabled: Boolean(orgId),
  });
  const budgets = useQuery({
    queryKey: ['payments', 'listBudgets', orgId, year],
    queryFn: () => api.payments.listBudgets.query({ orgId, year }),
    enabled: Boolean(orgId),
  });
  const leadAlerts = useQuery({
    queryKey: ['intake', 'listAlerts'],
    queryFn: () => api.intake.listAlerts.query(),
    enabled: mayReadLeadAlerts,
  });
  const overdueApprovals = useQuery({
    queryKey: ['approval', 'listOverdue'],
    queryFn: () => api.approval.listOverdue.query(),
  });
  const funnel = useQuery({ queryKey: ['referral', 'funnel'], queryFn: () => api.referral.funnel.query({}) });
  const visitsDue = useQuery({
    queryKey: ['followup', 'visitsDue'],
    queryFn: () => api.followup.visitsDue.query({}),
    enabled: mayReadVisits,
  });

  const current = statistics.data?.current;
  const change = statistics.data?.change;
  const monthRows = (monthly.data ?? []).map((entry) => ({
    month: entry.month,
    cases: entry.view.current.cases,
    amountFen: entry.view.current.amountFen,
    previousAmountFen: entry.view.previousYear.amountFen,
  }));
  const sourceRows = useMemo(() => {
    const spent = new Map((statistics.data?.bySource ?? []).map((row) => [row.fundSource, row]));
    const sources = new Set<FundSource>([...spent.keys(), ...(budgets.data ?? []).map((b) => b.fundSource)]);
    return [...sources].map((fundSource) => {
      const budget = budgets.data?.find((b) => b.fundSource === fundSource);
      return {
        fundSource,
        cases: spent.get(fundSource)?.cases ?? 0,
        paidFen: spent.get(fundSource)?.amountFen ?? 0,
        allocatedFen: budget?.allocatedFen ?? 0,
        availableFen: budget?.availableFen ?? 0,
      };
    });
  }, [statistics.data, budgets.data]);
  const deadlineRows = [
    ...(leadAlerts.data ?? []).map((alert) => ({
      key: `lead-${alert.leadId}`,
      kind: l('线索审查', 'Lead review'),
      who: alert.applicantName ?? alert.leadId.slice(0, 8),
      dueOn: alert.reviewDueOn,
      level: alert.level === 'past' ? l('已逾期', 'Overdue') : l('即将到期', 'Due soon'),
    })),
    ...(overdueApprovals.data ?? []).map((approval) => ({
      key: `approval-${approval.requestId}`,
      kind: l('审批', 'Approval'),
      who: approval.caseId.slice(0, 8),
      dueOn: approval.stepDueOn ?? '',
      level: l('已逾期', 'Overdue'),
    })),
  ].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const visits = visitsDue.data ?? [];
  const overdueVisits = visits.filter((visit) => visit.overdue).length;

  const amountSummary = l(
    `${orgName}${year}年各月救助金额：${monthRows.map((r) => `${r.month} ${formatFen(r.amountFen)}`).join('，') || '暂无'}。`,
    `Assistance paid by ${orgName} per month in ${year}: ${monthRows.map((r) => `${r.month} ${formatFen(r.amountFen)}`).join(', ') || 'none'}.`,
  );
  const sourceSummary = l(
    `按资金来源：${sourceRows.map((r) => `${fundLabel(r.fundSource)} 已发放${formatFen(r.paidFen)}，预算${formatFen(r.allocatedFen)}`).join('；') || '暂无'}。`,
    `By fund source: ${sourceRows.map((r) => `${fundLabel(r.fundSource)} paid ${formatFen(r.paidFen)} of a budget of ${formatFen(r.allocatedFen)}`).join('; ') || 'none'}.`,
  );
  const partners = funnel.data?.byPartner ?? [];
  const funnelSummary = l(
    `转介漏斗：${partners.map((p) => `${p.partnerOrgName} 转介${p.sent}件、受理${p.accepted}件、纳入${p.enrolled}件`).join('；') || '暂无转介'}。`,
    `Referral funnel: ${partners.map((p) => `${p.partnerOrgName} sent ${p.sent}, accepted ${p.accepted}, enrolled ${p.enrolled}`).join('; ') || 'no referrals'}.`,
  );

  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('统计看板', 'Dashboards')}</h1>}
      extra={
        <Space wrap>
          <Select
            aria-label={l('机构', 'Agency')}
            style={{ minWidth: 200 }}
            value={orgId}
            onChange={setOrgId}
            options={agencies.map((org) => ({ value: org.id, label: org.name }))}
          />
          <Select
            aria-label={l('年度', 'Year')}
            value={year}
            onChange={setYear}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))}
          />
        </Space>
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Failure error={statistics.error} />
        <Row gutter={[16, 16]} data-testid="headline">
          <Col xs={12} lg={6}>
            <Statistic title={l('救助案件数', 'Cases paid')} value={current?.cases ?? '—'} />
          </Col>
          <Col xs={12} lg={6}>
            <Statistic title={l('救助人数', 'People paid')} value={current?.persons ?? '—'} />
          </Col>
          <Col xs={12} lg={6}>
            <Statistic
              title={l('已发放金额', 'Amount paid')}
              value={current ? formatFen(current.amountFen) : '—'}
              data-testid="amount-paid"
            />
          </Col>
          <Col xs={12} lg={6}>
            <Statistic
              title={l('金额同比', 'Amount year over year')}
              value={change ? percentText(change.amount, language) : '—'}
            />
          </Col>
        </Row>

        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={l('各月案件数与金额', 'Cases and amounts per month')}>
              <Failure error={monthly.error} />
              <ChartWithTable
                testId="monthly"
                summary={amountSummary}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 60, right: 50, bottom: 30, top: 56 },
                  xAxis: { type: 'category', data: monthRows.map((r) => r.month) },
                  yAxis: [
                    { type: 'value', name: l('金额（元）', 'Yuan') },
                    { type: 'value', name: l('案件', 'Cases'), minInterval: 1 },
                  ],
                  series: [
                    {
                      name: l('本年金额', 'This year'),
                      type: 'bar',
                      data: monthRows.map((r) => yuan(r.amountFen)),
                    },
                    {
                      name: l('上年同期金额', 'A year earlier'),
                      type: 'bar',
                      data: monthRows.map((r) => yuan(r.previousAmountFen)),
                    },
                    {
                      name: l('案件数', 'Cases'),
                      type: 'line',
                      yAxisIndex: 1,
                      data: monthRows.map((r) => r.cases),
                    },
                  ],
                }}
                table={
                  <FiguresTable
                    fileName={`${orgName}-${year}-各月救助金额`}
                    sheetName={l('各月', 'Months')}
                    rows={monthRows}
                    rowKey={(row) => row.month}
                    columns={[
                      { key: 'month', title: l('月份', 'Month'), value: (r) => r.month },
                      { key: 'cases', title: l('案件数', 'Cases'), value: (r) => r.cases },
                      {
                        key: 'amount',
                        title: l('金额（元）', 'Amount (yuan)'),
                        value: (r) => yuan(r.amountFen),
                        render: (r) => formatFen(r.amountFen),
                      },
                      {
                        key: 'previous',
                        title: l('上年同期（元）', 'A year earlier (yuan)'),
                        value: (r) => yuan(r.previousAmountFen),
                        render: (r) => formatFen(r.previousAmountFen),
                      },
                    ]}
                  />
                }
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={l('按资金来源', 'By fund source')}>
              <Failure error={budgets.error} />
              <ChartWithTable
                testId="fund-sources"
                summary={sourceSummary}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 60, right: 20, bottom: 30, top: 56 },
                  xAxis: { type: 'category', data: sourceRows.map((r) => fundLabel(r.fundSource)) },
                  yAxis: { type: 'value', name: l('元', 'Yuan') },
                  series: [
                    { name: l('已发放', 'Paid'), type: 'bar', data: sourceRows.map((r) => yuan(r.paidFen)) },
                    {
                      name: l('预算', 'Budget'),
                      type: 'bar',
                      data: sourceRows.map((r) => yuan(r.allocatedFen)),
                    },
                  ],
                }}
                table={
                  <FiguresTable
                    fileName={`${orgName}-${year}-资金来源`}
                    sheetName={l('资金来源', 'Fund sources')}
                    rows={sourceRows}
                    rowKey={(row) => row.fundSource}
                    columns={[
                      {
                        key: 'source',
                        title: l('资金来源', 'Fund source'),
                        value: (r) => fundLabel(r.fundSource),
                      },
                      { key: 'cases', title: l('案件数', 'Cases'), value: (r) => r.cases },
                      {
                        key: 'paid',
                        title: l('已发放（元）', 'Paid (yuan)'),
                        value: (r) => yuan(r.paidFen),
                        render: (r) => formatFen(r.paidFen),
                      },
                      {
                        key: 'allocated',
                        title: l('预算（元）', 'Budget (yuan)'),
                        value: (r) => yuan(r.allocatedFen),
                        render: (r) => formatFen(r.allocatedFen),
                      },
                      {
                        key: 'available',
                        title: l('可用余额（元）', 'Available (yuan)'),
                        value: (r) => yuan(r.availableFen),
                        render: (r) => formatFen(r.availableFen),
                      },
                    ]}
                  />
                }
              />
            </Card>
          </Col>
        </Row>

        <Typography.Text type="secondary">
          {mayReadVisits
            ? l(
                '以下办理期限、转介与回访数据为本机构（您所在机构）的情况。',
                'Deadlines, referrals and follow-up below are those of your own agency.',
              )
            : l(
                '以下办理期限与转介数据为本机构（您所在机构）的情况。',
                'Deadlines and referrals below are those of your own agency.',
              )}
        </Typography.Text>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={mayReadVisits ? 12 : 24}>
            <Card
              size="small"
              title={l('临近或超过期限', 'Deadlines at risk')}
              extra={
                <Space>
                  {mayReadLeadAlerts && (
                    <Tag color="orange">
                      {l('线索', 'Leads')} {leadAlerts.data?.length ?? '—'}
                    </Tag>
                  )}
                  <Tag color="red">
                    {l('逾期审批', 'Overdue approvals')} {overdueApprovals.data?.length ?? '—'}
                  </Tag>
                </Space>
              }
            >
              <Failure error={leadAlerts.error ?? overdueApprovals.error} />
              <FiguresTable
                testId="deadlines"
                fileName={`${orgName}-期限预警`}
                sheetName={l('期限预警', 'Deadlines')}
                rows={deadlineRows}
                rowKey={(row) => row.key}
                columns={[
                  { key: 'kind', title: l('事项', 'Kind'), value: (r) => r.kind },
                  { key: 'who', title: l('申请人/案件', 'Applicant / case'), value: (r) => r.who },
                  { key: 'due', title: l('期限', 'Due on'), value: (r) => r.dueOn },
                  { key: 'level', title: l('状态', 'State'), value: (r) => r.level },
                ]}
              />
            </Card>
          </Col>
          {mayReadVisits && (
            <Col xs={24} xl={12}>
              <Card size="small" title={l('回访覆盖', 'Follow-up coverage')} data-testid="visits">
                <Failure error={visitsDue.error} />
                <Row gutter={16}>
                  <Col span={12}>
                    <Statistic
                      title={l('待回访（30日内到期）', 'Visits due (next 30 days)')}
                      value={visits.length}
                    />
                  </Col>
                  <Col span={12}>
                    <Statistic title={l('逾期未回访', 'Visits overdue')} value={overdueVisits} />
                  </Col>
                </Row>
                <FiguresTable
                  fileName={`${orgName}-待回访`}
                  sheetName={l('待回访', 'Visits due')}
                  rows={visits}
                  rowKey={(row) => row.visitId}
                  columns={[
                    { key: 'case', title: l('案件', 'Case'), value: (r) => r.caseId.slice(0, 8) },
                    { key: 'due', title: l('应回访日期', 'Due on'), value: (r) => r.dueOn },
                    {
                      key: 'overdue',
                      title: l('是否逾期', 'Overdue'),
                      value: (r) => (r.overdue ? l('是', 'Yes') : l('否', 'No')),
                    },
                  ]}
                />
              </Card>
            </Col>
          )}
        </Row>

        <Card size="small" title={l('转介漏斗（按合作部门）', 'Referral funnel by partner')}>
          <Failure error={funnel.error} />
          <ChartWithTable
            testId="funnel"
            empty={partners.length === 0 ? l('暂无转介', 'No referrals yet') : undefined}
            summary={funnelSummary}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 140, right: 20, bottom: 30, top: 56 },
              yAxis: { type: 'category', data: partners.map((p) => p.partnerOrgName) },
              xAxis: { type: 'value', minInterval: 1 },
              series: (
                [
                  ['sent', l('转介', 'Sent')],
                  ['accepted', l('受理', 'Accepted')],
                  ['enrolled', l('纳入', 'Enrolled')],
                  ['declined', l('不予受理', 'Declined')],
                  ['overdue', l('逾期未答复', 'Overdue')],
                ] as const
              ).map(([key, name]) => ({ name, type: 'bar', data: partners.map((p) => p[key]) })),
            }}
            table={
              <FiguresTable
                fileName={`${orgName}-转介漏斗`}
                sheetName={l('按批次', 'By batch')}
                rows={funnel.data?.byBatch ?? []}
                rowKey={(row) => row.batchId}
                columns={[
                  { key: 'title', title: l('批次', 'Batch'), value: (r) => r.title ?? r.batchId.slice(0, 8) },
                  {
                    key: 'partner',
                    title: l('合作部门', 'Partner'),
                    value: (r) =>
                      partners.find((p) => p.partnerOrgId === r.partnerOrgId)?.partnerOrgName ??
                      r.partnerOrgId,
                  },
                  { key: 'sentOn', title: l('转介日期', 'Sent on'), value: (r) => r.sentOn },
                  { key: 'sent', title: l('转介', 'Sent'), value: (r) => r.sent },
                  { key: 'accepted', title: l('受理', 'Accepted'), value: (r) => r.accepted },
                  { key: 'enrolled', title: l('纳入', 'Enrolled'), value: (r) => r.enrolled },
                  { key: 'declined', title: l('不予受理', 'Declined'), value: (r) => r.declined },
                  { key: 'pending', title: l('办理中', 'Pending'), value: (r) => r.pending },
                  { key: 'overdue', title: l('逾期未答复', 'Overdue'), value: (r) => r.overdue },
                ]}
              />
            }
          />
        </Card>
      </Space>
    </Card>
  );
}

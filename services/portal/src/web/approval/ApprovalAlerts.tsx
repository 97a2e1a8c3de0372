import { Alert, Card, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ApprovalAlertView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ALERT_KINDS, pick, STEP_NAMES } from './labels.ts';

const KIND_COLOURS: Record<string, string> = {
  step_due_soon: 'gold',
  step_overdue: 'red',
  step_escalated: 'volcano',
  advance_due_soon: 'gold',
  advance_overdue: 'red',
};

/**
 * The approver's open deadline alerts (approval.listAlerts): steps due soon or overdue, escalations, advances
 * not completed in time. Shown only when there are some; the service raises them in the background.
 */
export function ApprovalAlerts() {
  const api = useApi();
  const { l, language } = useI18n();
  const alerts = useQuery({
    queryKey: ['approval', 'listAlerts'],
    queryFn: () => api.approval.listAlerts.query(),
    refetchInterval: 60_000,
  });
  if (alerts.error) return <Alert type="warning" showIcon message={describeFailure(alerts.error).message} />;
  if (!alerts.data?.length) return null;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('审批期限提醒', 'Deadline alerts')}</h2>}
      data-testid="approval-alerts"
    >
      <Table<ApprovalAlertView>
        rowKey="alertId"
        size="small"
        dataSource={alerts.data}
        pagination={false}
        columns={[
          {
            title: l('提醒', 'Alert'),
            dataIndex: 'kind',
            render: (kind: string) => (
              <Tag color={KIND_COLOURS[kind]}>{pick(ALERT_KINDS, kind, language)}</Tag>
            ),
          },
          {
            title: l('环节', 'Step'),
            dataIndex: 'step',
            render: (step: string | null) =>
              step ? pick(STEP_NAMES, step, language) : l('先行救助', 'Advance assistance'),
          },
          { title: l('期限', 'Due'), dataIndex: 'dueOn' },
          {
            title: l('超期', 'Over'),
            dataIndex: 'daysOver',
            // Steps count working days; an advance's completion counts calendar days.
            render: (days: number, row) =>
              days === 0
                ? '—'
                : row.step
                  ? l(`${days}个工作日`, `${days} working days`)
                  : l(`${days}日`, `${days} days`),
          },
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (caseId: string) => <Link to={`/cases/${caseId}`}>{l('查看案件', 'Open case')}</Link>,
          },
        ]}
      />
    </Card>
  );
}

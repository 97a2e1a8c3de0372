import { Alert, Card, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DeteriorationAlertView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../i18n/labels.ts';
import { VisitTable } from './VisitTable.tsx';

/** Visits due (overdue first, then by due day); heads and chiefs also see serious-deterioration alerts. */
export function FollowupPage() {
  const api = useApi();
  const { l } = useI18n();
  const { principal } = useAuth();
  const due = useQuery({
    queryKey: ['followup', 'visitsDue'],
    queryFn: () => api.followup.visitsDue.query({}),
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {hasAnyRole(principal, ['department_head', 'chief']) && <Alerts />}
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('待回访', 'Visits due')}</h1>}>
        {due.error && <Alert type="error" showIcon message={describeFailure(due.error).message} />}
        <VisitTable rows={due.data ?? []} loading={due.isLoading} showCase testId="visits-due" />
      </Card>
    </Space>
  );
}

function Alerts() {
  const api = useApi();
  const { l } = useI18n();
  const alerts = useQuery({
    queryKey: ['followup', 'listAlerts'],
    queryFn: () => api.followup.listAlerts.query(),
  });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('返贫预警', 'Deterioration alerts')}</h2>}>
      {alerts.error && <Alert type="error" showIcon message={describeFailure(alerts.error).message} />}
      <Table<DeteriorationAlertView>
        rowKey="alertId"
        size="small"
        loading={alerts.isLoading}
        dataSource={alerts.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: l('暂无预警', 'No alerts') }}
        columns={[
          {
            title: l('发现时间', 'Raised'),
            dataIndex: 'raisedAt',
            render: (at: string) => formatDateTime(at),
          },
          { title: l('情况', 'Summary'), dataIndex: 'summary' },
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (id: string) => <Link to={`/cases/${id}`}>{l('查看', 'Open')}</Link>,
          },
        ]}
      />
    </Card>
  );
}

import { Table, Tag } from 'antd';
import { Link } from 'react-router';
import type { VisitView } from '@jiuzhu/contracts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { visitMethodLabel } from '../i18n/labels.ts';
import { byDueDate } from './visit-order.ts';
import { purposeLabel, triggerLabel, visitStatusLabel } from './labels.ts';

export function VisitTable({
  rows,
  loading,
  showCase = false,
  testId,
}: {
  rows: VisitView[];
  loading?: boolean;
  showCase?: boolean;
  testId?: string;
}) {
  const { l, language } = useI18n();
  const { principal } = useAuth();
  // Recording a visit is the caseworker's; heads and chiefs read.
  const canRecord = hasAnyRole(principal, ['caseworker']);
  return (
    <Table<VisitView>
      rowKey="visitId"
      size="small"
      loading={loading}
      dataSource={[...rows].sort(byDueDate)}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: l('暂无回访安排', 'No visits') }}
      data-testid={testId}
      columns={[
        ...(showCase
          ? [
              {
                title: l('案件', 'Case'),
                key: 'case',
                render: (_: unknown, row: VisitView) => (
                  <Link to={`/cases/${row.caseId}`}>{row.caseId.slice(0, 8)}</Link>
                ),
              },
            ]
          : []),
        { title: l('应回访日期', 'Due on'), dataIndex: 'dueOn' },
        {
          title: l('方式', 'Method'),
          dataIndex: 'method',
          render: (method: string) => visitMethodLabel(method, language),
        },
        {
          title: l('类型', 'Purpose'),
          dataIndex: 'purpose',
          render: (purpose: string) => purposeLabel(purpose, language),
        },
        {
          title: l('起因', 'Trigger'),
          dataIndex: 'trigger',
          render: (trigger: string) => triggerLabel(trigger, language),
        },
        {
          title: l('状态', 'Status'),
          dataIndex: 'status',
          render: (status: string, row) => (
            <>
              <Tag color={status === 'completed' ? 'green' : 'blue'}>
                {visitStatusLabel(status, language)}
              </Tag>
              {row.overdue && <Tag color="red">{l('已超期', 'Overdue')}</Tag>}
            </>
          ),
        },
        {
          title: l('操作', 'Action'),
          key: 'action',
          render: (_, row) =>
            canRecord &&
            row.status === 'scheduled' && (
              <Link to={`/followup/visits/${row.visitId}?caseId=${row.caseId}&method=${row.method}`}>
                {l('登记回访', 'Record visit')}
              </Link>
            ),
        },
      ]}
    />
  );
}

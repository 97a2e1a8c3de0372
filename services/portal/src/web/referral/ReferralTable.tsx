import { Table } from 'antd';
import { Link } from 'react-router';
import type { ReferralView } from '@jiuzhu/contracts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatFen } from '../i18n/labels.ts';
import { ProvideInfo } from './ProvideInfo.tsx';
import { ReferralStatusTags } from './ReferralStatusTags.tsx';
import { programmeLabel } from './labels.ts';

/** Referrals as the referring agency follows them: partner, status, overdue flag and the partner's outcome. */
export function ReferralTable({
  rows,
  loading,
  showCase = false,
  answerable = false,
}: {
  rows: ReferralView[];
  loading?: boolean;
  showCase?: boolean;
  /** The caseworker may answer a partner's request for information here. */
  answerable?: boolean;
}) {
  const { l, language } = useI18n();
  return (
    <Table<ReferralView>
      rowKey="referralId"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: l('暂无转介记录', 'No referrals') }}
      data-testid="referrals-sent"
      columns={[
        ...(showCase
          ? [
              {
                title: l('申请人', 'Applicant'),
                key: 'person',
                render: (_: unknown, row: ReferralView) => (
                  <Link to={`/cases/${row.caseId}`}>{row.person.name}</Link>
                ),
              },
            ]
          : []),
        { title: l('接收部门', 'Partner'), dataIndex: 'partnerOrgName' },
        {
          title: l('救助项目', 'Programme'),
          dataIndex: 'programme',
          render: (programme: string) => programmeLabel(programme, language),
        },
        { title: l('移送日期', 'Sent on'), dataIndex: 'sentOn' },
        { title: l('答复期限', 'Answer due'), dataIndex: 'answerDueOn' },
        {
          title: l('状态', 'Status'),
          dataIndex: 'status',
          render: (status: string, row) => <ReferralStatusTags status={status} overdue={row.overdue} />,
        },
        {
          title: l('办理结果', 'Outcome'),
          key: 'outcome',
          render: (_, row) => <OutcomeText row={row} />,
        },
        ...(answerable
          ? [
              {
                title: l('操作', 'Action'),
                key: 'action',
                render: (_: unknown, row: ReferralView) =>
                  row.status === 'info_requested' && <ProvideInfo referral={row} />,
              },
            ]
          : []),
      ]}
    />
  );
}

function OutcomeText({ row }: { row: ReferralView }) {
  const { l, language } = useI18n();
  if (row.status === 'declined') return <>{`${l('退回理由', 'Reason')}：${row.declineReason ?? ''}`}</>;
  const outcome = row.outcome;
  if (!outcome) return null;
  if (!outcome.enrolledProgramme) return <>{`${l('未纳入', 'Not enrolled')}：${outcome.note ?? ''}`}</>;
  const parts = [
    `${l('已纳入', 'Enrolled in')} ${programmeLabel(outcome.enrolledProgramme, language)}`,
    outcome.enrolledFrom ? `${l('自', 'from')} ${outcome.enrolledFrom}` : '',
    outcome.monthlyAmountFen !== null ? `${l('每月', 'monthly')} ${formatFen(outcome.monthlyAmountFen)}` : '',
  ];
  return <span data-testid="referral-outcome">{parts.filter(Boolean).join('，')}</span>;
}

import { useState } from 'react';
import { Alert, Button, Card, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApprovalActInput, type ApprovalView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { describeFailure } from '../api/errors.ts';
import { useDraft } from '../forms/drafts.ts';
import { ExportButton } from '../export/ExportButton.tsx';
import { useOrganisationName } from '../directory/useOrganisations.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatFen } from '../i18n/labels.ts';
import { AdvanceQueue } from './AdvanceQueue.tsx';
import { ApprovalAlerts } from './ApprovalAlerts.tsx';
import { pick, STEP_NAMES } from './labels.ts';

type Action = 'approve' | 'reject' | 'return';

/**
 * The department head's, chief's or committee's queue (approval.listMyQueue) and their decision on each, with
 * their deadline alerts; the chief also decides advance assistance requests (先行救助) here. A superior agency's
 * approvers find here the cases its subordinate agencies put before it.
 */
export function ApprovalQueue() {
  const { principal } = useAuth();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ApprovalAlerts />
      <ChainQueue />
      {hasAnyRole(principal, ['chief']) && <AdvanceQueue />}
    </Space>
  );
}

function ChainQueue() {
  const api = useApi();
  const { l, language } = useI18n();
  const orgName = useOrganisationName();
  const queue = useQuery({
    queryKey: ['approval', 'listMyQueue'],
    queryFn: () => api.approval.listMyQueue.query(),
  });
  // At the superior step the approver is of another agency: say so, and which agency asked.
  const stepOf = (row: ApprovalView) => {
    const step = row.chain[row.currentStep ?? -1]?.name ?? '';
    return step === 'superior'
      ? `${l('报请上级审批', 'Referred by')} · ${orgName(row.handlingOrgId)}`
      : pick(STEP_NAMES, step, language);
  };
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('待我审批', 'Awaiting my approval')}</h1>}
      data-testid="approval-queue"
    >
      {queue.error && <Alert type="error" showIcon message={describeFailure(queue.error).message} />}
      <ExportButton
        fileName={l('待我审批', 'Awaiting my approval')}
        sheetName={l('待我审批', 'Approvals')}
        rows={queue.data ?? []}
        columns={[
          { title: l('案件编号', 'Case id'), value: (row) => row.caseId },
          {
            title: l('审查结论', 'Finding'),
            value: (row) => (row.eligible ? l('符合救助条件', 'Eligible') : l('不符合', 'Not eligible')),
          },
          {
            title: l('建议金额（元）', 'Recommended (yuan)'),
            value: (row) => row.recommendedAmountFen / 100,
          },
          { title: l('审批环节', 'Step'), value: stepOf },
          { title: l('期限', 'Due'), value: (row) => row.stepDueOn },
          { title: l('是否超期', 'Overdue'), value: (row) => (row.overdue ? l('是', 'Yes') : l('否', 'No')) },
        ]}
      />
      <Table<ApprovalView>
        rowKey="requestId"
        loading={queue.isLoading}
        dataSource={queue.data ?? []}
        pagination={false}
        locale={{ emptyText: l('暂无待审批案件', 'Nothing to approve') }}
        columns={[
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (caseId: string) => <Link to={`/cases/${caseId}`}>{l('查看案件', 'Open case')}</Link>,
          },
          {
            title: l('审查结论', 'Finding'),
            dataIndex: 'eligible',
            render: (eligible: boolean) =>
              eligible ? l('符合救助条件', 'Eligible') : l('不符合', 'Not eligible'),
          },
          {
            title: l('建议金额', 'Recommended'),
            dataIndex: 'recommendedAmountFen',
            render: (fen: number, row) => (
              <>
                {formatFen(fen)}
                {row.aboveCapException && <Tag color="orange">{l('超上限', 'Above cap')}</Tag>}
              </>
            ),
          },
          { title: l('审批环节', 'Step'), render: (_, row) => stepOf(row) },
          {
            title: l('期限', 'Due'),
            dataIndex: 'stepDueOn',
            render: (due: string | null, row) => (
              <>
                {due}
                {row.overdue && <Tag color="red">{l('已超期', 'Overdue')}</Tag>}
              </>
            ),
          },
          { title: l('审批', 'Decide'), render: (_, row) => <ActForm approval={row} /> },
        ]}
      />
    </Card>
  );
}

/** Approve, reject with reasons or return with a question (approval.act); reasons are kept as a draft. */
export function ActForm({ approval }: { approval: ApprovalView }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const draft = useDraft<{ action: Action; reasons: string }>(`act-${approval.requestId}`);
  const [action, setAction] = useState<Action>(draft.initial?.action ?? 'approve');
  const [reasons, setReasons] = useState(draft.initial?.reasons ?? '');
  const [problem, setProblem] = useState<string>();
  const step = approval.chain[approval.currentStep ?? -1]?.name;
  const act = useMutation({
    mutationFn: () => {
      if (action !== 'approve' && reasons.trim().length < 2)
        throw new Error(action === 'reject' ? '请写明不同意的理由' : '请写明需要补充调查的问题');
      return api.approval.act.mutate(
        ApprovalActInput.parse({ caseId: approval.caseId, step, action, reasons: reasons || undefined }),
      );
    },
    onSuccess: () => {
      draft.clear();
      void queryClient.invalidateQueries({ queryKey: ['approval'] });
    },
    onError: (error) => setProblem(describeFailure(error).message),
  });
  const keep = (next: { action?: Action; reasons?: string }) =>
    draft.save({ action: next.action ?? action, reasons: next.reasons ?? reasons });
  return (
    <Space direction="vertical" size={4}>
      <Radio.Group
        value={action}
        aria-label={l('审批意见', 'Decision')}
        onChange={(event) => {
          setAction(event.target.value as Action);
          keep({ action: event.target.value as Action });
        }}
      >
        <Radio value="approve">{l('同意', 'Approve')}</Radio>
        <Radio value="reject">{l('不同意', 'Reject')}</Radio>
        <Radio value="return">{l('退回补充调查', 'Return')}</Radio>
      </Radio.Group>
      {action !== 'approve' && (
        <Input.TextArea
          rows={2}
          aria-label={action === 'reject' ? l('不同意的理由', 'Reasons') : l('需补充调查的问题', 'Question')}
          value={reasons}
          onChange={(event) => {
            setReasons(event.target.value);
            keep({ reasons: event.target.value });
          }}
        />
      )}
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
      <Button type="primary" size="small" loading={act.isPending} onClick={() => act.mutate()}>
        {l('提交审批意见', 'Submit decision')}
      </Button>
    </Space>
  );
}

import { useState } from 'react';
import { Alert, Button, Card, Input, Radio, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DecideAdvanceInput, type AdvanceView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useDraft } from '../forms/drafts.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';

/** The chief's pending advance assistance requests (先行救助) of their agency, each approved or rejected here. */
export function AdvanceQueue() {
  const api = useApi();
  const { l } = useI18n();
  const advances = useQuery({
    queryKey: ['approval', 'listAdvances'],
    queryFn: () => api.approval.listAdvances.query(),
  });
  const pending = (advances.data ?? []).filter((advance) => advance.status === 'requested');
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('待审批的先行救助', 'Advance requests')}</h2>}
      data-testid="advance-queue"
    >
      {advances.error && <Alert type="error" showIcon message={describeFailure(advances.error).message} />}
      <Table<AdvanceView>
        rowKey="advanceId"
        loading={advances.isLoading}
        dataSource={pending}
        pagination={false}
        locale={{ emptyText: l('暂无待审批的先行救助', 'No advance requests') }}
        columns={[
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (caseId: string) => <Link to={`/cases/${caseId}`}>{l('查看案件', 'Open case')}</Link>,
          },
          { title: l('申请金额', 'Amount'), dataIndex: 'amountFen', render: (fen: number) => formatFen(fen) },
          { title: l('紧急情况', 'Urgency'), dataIndex: 'reason' },
          {
            title: l('申请时间', 'Requested'),
            dataIndex: 'requestedAt',
            render: (at: string) => formatDateTime(at),
          },
          { title: l('审批', 'Decide'), render: (_, row) => <DecideAdvanceForm advance={row} /> },
        ]}
      />
    </Card>
  );
}

type Choice = 'approve' | 'reject';

/** Approve, or reject with reasons (approval.decideAdvance); what is typed is kept as a draft. */
export function DecideAdvanceForm({ advance }: { advance: AdvanceView }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const draft = useDraft<{ choice: Choice; reasons: string }>(`advance-decide-${advance.advanceId}`);
  const [choice, setChoice] = useState<Choice>(draft.initial?.choice ?? 'approve');
  const [reasons, setReasons] = useState(draft.initial?.reasons ?? '');
  const [problem, setProblem] = useState<string>();
  const decide = useMutation({
    mutationFn: () => {
      if (choice === 'reject' && reasons.trim().length < 2)
        throw new Error('不予批准先行救助的，请写明理由。');
      return api.approval.decideAdvance.mutate(
        DecideAdvanceInput.parse({
          caseId: advance.caseId,
          approve: choice === 'approve',
          reasons: reasons.trim() || undefined,
        }),
      );
    },
    onSuccess: () => {
      draft.clear();
      setProblem(undefined);
      void queryClient.invalidateQueries({ queryKey: ['approval'] });
    },
    onError: (error) => setProblem(describeFailure(error).message),
  });
  const keep = (next: { choice?: Choice; reasons?: string }) =>
    draft.save({ choice: next.choice ?? choice, reasons: next.reasons ?? reasons });
  return (
    <Space orientation="vertical" size={4}>
      <Radio.Group
        value={choice}
        aria-label={l('先行救助审批意见', 'Advance decision')}
        onChange={(event) => {
          setChoice(event.target.value as Choice);
          keep({ choice: event.target.value as Choice });
        }}
      >
        <Radio value="approve">{l('批准', 'Approve')}</Radio>
        <Radio value="reject">{l('不予批准', 'Reject')}</Radio>
      </Radio.Group>
      <Input.TextArea
        rows={2}
        aria-label={choice === 'reject' ? l('不予批准的理由', 'Reasons') : l('审批意见（选填）', 'Remarks')}
        placeholder={choice === 'reject' ? l('请写明理由', 'Reasons') : l('审批意见（选填）', 'Remarks')}
        value={reasons}
        onChange={(event) => {
          setReasons(event.target.value);
          keep({ reasons: event.target.value });
        }}
      />
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
      <Button type="primary" size="small" loading={decide.isPending} onClick={() => decide.mutate()}>
        {l('提交先行救助审批', 'Submit advance decision')}
      </Button>
    </Space>
  );
}

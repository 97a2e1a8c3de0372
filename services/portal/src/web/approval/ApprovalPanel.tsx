import { useState } from 'react';
import { Alert, Button, Descriptions, Input, Select, Space, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RecordServiceInput, STEP_ROLES } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { downloadBase64 } from '../api/download.ts';
import { describeFailure, notThereYet } from '../api/errors.ts';
import { DateInput, fromIsoDate, toIsoDate } from '../forms/date-input.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';
import { ActForm } from './ApprovalQueue.tsx';
import { APPROVAL_ACTIONS, APPROVAL_STATUSES, pick, STEP_NAMES } from './labels.ts';
import { beijingToday } from '@jiuzhu/calendar';

/** Approval on the case page: its status and history, the actions open to this person, the decision. */
export function ApprovalPanel({ caseId }: { caseId: string }) {
  const api = useApi();
  const { l, language } = useI18n();
  const { principal } = useAuth();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string>();
  const [opinion, setOpinion] = useState('');
  const approval = useQuery({
    queryKey: ['approval', 'getApproval', caseId],
    queryFn: () => api.approval.getApproval.query({ caseId }),
    retry: false,
    // Approval learns of a submitted review through an event; look again until it has.
    refetchInterval: (query) => (query.state.error ? 2000 : false),
  });
  const decision = useQuery({
    queryKey: ['approval', 'getDecision', caseId],
    queryFn: () => api.approval.getDecision.query({ caseId }),
    retry: false,
    refetchInterval: (query) => (query.state.error && approval.data?.status === 'approved' ? 2000 : false),
  });
  const onError = (error: unknown) => setProblem(describeFailure(error).message);
  const done = () => {
    setProblem(undefined);
    void queryClient.invalidateQueries({ queryKey: ['approval'] });
  };
  const submit = useMutation({
    mutationFn: () => api.approval.submit.mutate({ caseId, joint: false, opinion: opinion || undefined }),
    onSuccess: done,
    onError,
  });
  const download = useMutation({
    mutationFn: () => api.approval.getDecisionDocument.query({ caseId }),
    onSuccess: (doc) => downloadBase64(doc.fileName, doc.contentType, doc.contentBase64),
    onError,
  });

  if (approval.isLoading) return <>…</>;
  if (approval.error) {
    const failure = describeFailure(approval.error);
    return (
      <Typography.Text type="secondary">
        {notThereYet(failure)
          ? l('调查核实完成后进入审批', 'Approval starts after the investigation')
          : failure.message}
      </Typography.Text>
    );
  }
  const view = approval.data;
  if (!view) return null;
  const step = view.chain[view.currentStep ?? -1];
  const isCaseworker = hasAnyRole(principal, ['caseworker']);
  const myStep =
    step &&
    principal.org?.id === step.orgId &&
    principal.roles.some((role) => STEP_ROLES[step.name].includes(role));

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="approval">
      {problem && <Alert type="error" showIcon role="alert" message={problem} />}
      <div>
        {pick(APPROVAL_STATUSES, view.status, language)} · {l('建议金额', 'Recommended')}{' '}
        {formatFen(view.recommendedAmountFen)}
        {step && view.status === 'in_progress' && (
          <>
            {' '}
            · {l('当前环节', 'Now at')} {pick(STEP_NAMES, step.name, language)}（{l('期限', 'due')}{' '}
            {view.stepDueOn}）
          </>
        )}
      </div>
      {view.history.length > 0 && (
        <Timeline
          items={view.history.map((entry, index) => ({
            key: index,
            children: `${formatDateTime(entry.actedAt)} · ${pick(STEP_NAMES, entry.step, language)} · ${pick(APPROVAL_ACTIONS, entry.action, language)}${entry.reasons ? ` · ${entry.reasons}` : ''}`,
          }))}
        />
      )}
      {isCaseworker && (view.status === 'awaiting_submission' || view.status === 'returned') && (
        <Space>
          <Input
            aria-label={l('承办人意见', 'Caseworker opinion')}
            placeholder={l('承办人意见（选填）', 'Opinion (optional)')}
            style={{ width: 360 }}
            value={opinion}
            onChange={(event) => setOpinion(event.target.value)}
          />
          <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()}>
            {l('提交审批', 'Submit for approval')}
          </Button>
        </Space>
      )}
      {myStep && view.status === 'in_progress' && <ActForm approval={view} />}
      {decision.data && (
        <Descriptions size="small" bordered column={2} data-testid="decision">
          <Descriptions.Item label={l('决定书编号', 'Decision number')}>
            {decision.data.decisionNumber}
          </Descriptions.Item>
          <Descriptions.Item label={l('决定', 'Outcome')}>
            {decision.data.outcome === 'approved' ? l('决定救助', 'Approved') : l('不予救助', 'Refused')} ·{' '}
            {formatFen(decision.data.approvedAmountFen)}
          </Descriptions.Item>
          <Descriptions.Item label={l('送达', 'Service')} span={2}>
            {decision.data.service ? (
              `${decision.data.service.servedOn} · ${decision.data.service.recipient}`
            ) : (
              <ServiceForm caseId={caseId} onDone={done} />
            )}
          </Descriptions.Item>
        </Descriptions>
      )}
      {decision.data && (
        <Button onClick={() => download.mutate()} loading={download.isPending}>
          {l('下载决定书（PDF）', 'Download the decision (PDF)')}
        </Button>
      )}
    </Space>
  );
}

function ServiceForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const api = useApi();
  const { l } = useI18n();
  const [method, setMethod] = useState<'in_person' | 'post' | 'electronic'>('in_person');
  const [servedOn, setServedOn] = useState<string | undefined>(beijingToday);
  const [recipient, setRecipient] = useState('');
  const [problem, setProblem] = useState<string>();
  const record = useMutation({
    mutationFn: () => {
      if (!servedOn) throw new Error('请选择送达日期');
      const parsed = RecordServiceInput.safeParse({ caseId, method, servedOn, recipient });
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
      return api.approval.recordService.mutate(parsed.data);
    },
    onSuccess: onDone,
    onError: (error) => setProblem(describeFailure(error).message),
  });
  return (
    <Space wrap>
      <Select
        aria-label={l('送达方式', 'Method')}
        value={method}
        onChange={setMethod}
        style={{ width: 120 }}
        options={[
          { value: 'in_person', label: l('直接送达', 'In person') },
          { value: 'post', label: l('邮寄送达', 'Post') },
          { value: 'electronic', label: l('电子送达', 'Electronic') },
        ]}
      />
      <DateInput
        aria-label={l('送达日期', 'Served on')}
        value={fromIsoDate(servedOn)}
        onChange={(day) => setServedOn(toIsoDate(day))}
        style={{ width: 150 }}
      />
      <Input
        aria-label={l('受送达人', 'Recipient')}
        value={recipient}
        onChange={(e) => setRecipient(e.target.value)}
        style={{ width: 140 }}
      />
      <Button onClick={() => record.mutate()} loading={record.isPending}>
        {l('记录送达', 'Record service')}
      </Button>
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
    </Space>
  );
}

import { useState } from 'react';
import { Alert, Button, Input, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  DeclineLeadInput,
  DuplicateDecisionInput,
  TransferLeadInput,
  type DuplicateCheckView,
  type DuplicateMatch,
} from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useDraft } from '../forms/drafts.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { leadStatusLabel, personRoleLabel } from '../i18n/labels.ts';
import { selectOptions, transferTargets } from '../directory/organisations.ts';
import { useOrganisations } from '../directory/useOrganisations.ts';

/** Checks a value with a contract schema; the first issue's (Chinese) message, or undefined when valid. */
function problemWith(
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error?.issues[0]?.message;
}

/** The duplicate check's matches and the decision to continue or stop (intake.recordDuplicateDecision). */
export function DuplicateDecision({ leadId, check }: { leadId: string; check: DuplicateCheckView }) {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const draft = useDraft<{ decision?: 'continue' | 'stop'; reason?: string }>(`duplicate-${leadId}`);
  const [decision, setDecision] = useState(draft.initial?.decision);
  const [reason, setReason] = useState(draft.initial?.reason ?? '');
  const [problem, setProblem] = useState<string>();
  const [recorded, setRecorded] = useState<{ decision: string; reason: string }>();
  const record = useMutation({
    mutationFn: () => {
      const input = { leadId, checkId: check.checkId, decision, reason };
      const invalid = problemWith(DuplicateDecisionInput, input);
      if (invalid) throw new Error(invalid);
      return api.intake.recordDuplicateDecision.mutate(DuplicateDecisionInput.parse(input));
    },
    onSuccess: () => {
      draft.clear();
      setProblem(undefined);
      setRecorded({ decision: decision ?? '', reason });
      void queryClient.invalidateQueries({ queryKey: ['intake'] });
    },
    onError: (error) => setProblem(describeFailure(error).message),
  });
  const decided =
    recorded ?? (check.decision ? { decision: check.decision, reason: check.reason ?? '' } : undefined);
  if (decided)
    return (
      <Alert
        type="info"
        showIcon
        message={`${decided.decision === 'continue' ? l('已决定继续办理', 'Decided to continue') : l('已决定终止办理', 'Decided to stop')}：${decided.reason}`}
      />
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="duplicate-decision">
      <Table<DuplicateMatch>
        rowKey="leadId"
        size="small"
        pagination={false}
        dataSource={check.matches}
        columns={[
          { title: l('承办单位', 'Held by'), dataIndex: 'holderOrgName' },
          {
            title: l('状态', 'Status'),
            dataIndex: 'status',
            render: (s: string) => leadStatusLabel(s, language),
          },
          { title: l('案件编号', 'Case'), dataIndex: 'caseNumber' },
          { title: l('原案案号', 'Underlying case'), dataIndex: 'underlyingCaseRef' },
          {
            title: l('同一案件', 'Same case'),
            dataIndex: 'sameUnderlyingCase',
            render: (same: boolean) =>
              same ? <Tag color="red">{l('是（一案一救助）', 'Yes (one-off rule)')}</Tag> : l('否', 'No'),
          },
          {
            title: l('身份', 'As'),
            dataIndex: 'matchedAs',
            render: (role: string) => personRoleLabel(role, language),
          },
          { title: l('收到日期', 'Received'), dataIndex: 'receivedOn' },
        ]}
      />
      <Radio.Group
        aria-label={l('查重决定', 'Decision')}
        value={decision}
        onChange={(event) => {
          setDecision(event.target.value as 'continue' | 'stop');
          draft.save({ decision: event.target.value as 'continue' | 'stop', reason });
        }}
      >
        <Radio value="continue">{l('继续办理', 'Continue')}</Radio>
        <Radio value="stop">{l('终止办理', 'Stop')}</Radio>
      </Radio.Group>
      <Input.TextArea
        rows={2}
        aria-label={l('查重决定理由', 'Reason')}
        value={reason}
        onChange={(event) => {
          setReason(event.target.value);
          draft.save({ decision, reason: event.target.value });
        }}
      />
      {problem && <Alert type="error" showIcon role="alert" message={problem} />}
      <Button type="primary" onClick={() => record.mutate()} loading={record.isPending}>
        {l('记录查重决定', 'Record the decision')}
      </Button>
    </Space>
  );
}

/** Transfer to another agency, or decline, each with a reason (intake.transferLead / declineLead). */
export function TransferOrDecline({ leadId, holderOrgId }: { leadId: string; holderOrgId: string }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const draft = useDraft<{ to?: string; reason?: string; declineReason?: string }>(`lead-actions-${leadId}`);
  const [to, setTo] = useState(draft.initial?.to);
  const [reason, setReason] = useState(draft.initial?.reason ?? '');
  const [declineReason, setDeclineReason] = useState(draft.initial?.declineReason ?? '');
  const [problem, setProblem] = useState<string>();
  const directory = useOrganisations();
  const agencies = transferTargets(directory.data ?? []).filter((agency) => agency.id !== holderOrgId);
  const keep = (next: { to?: string; reason?: string; declineReason?: string }) =>
    draft.save({ to, reason, declineReason, ...next });
  const done = () => {
    draft.clear();
    setProblem(undefined);
    void queryClient.invalidateQueries({ queryKey: ['intake'] });
  };
  const onError = (error: unknown) => setProblem(describeFailure(error).message);
  const transfer = useMutation({
    mutationFn: () => {
      const agency = agencies.find((candidate) => candidate.id === to);
      const input = { leadId, to: agency?.id, reason };
      const invalid = agency ? problemWith(TransferLeadInput, input) : '请选择接收机构';
      if (invalid) throw new Error(invalid);
      return api.intake.transferLead.mutate(TransferLeadInput.parse(input));
    },
    onSuccess: done,
    onError,
  });
  const decline = useMutation({
    mutationFn: () => {
      const input = { leadId, reason: declineReason };
      const invalid = problemWith(DeclineLeadInput, input);
      if (invalid) throw new Error(invalid);
      return api.intake.declineLead.mutate(DeclineLeadInput.parse(input));
    },
    onSuccess: done,
    onError,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {problem && <Alert type="error" showIcon role="alert" message={problem} />}
      {directory.error && <Alert type="error" showIcon message={directory.error.message} />}
      <Tabs
        size="small"
        items={[
          {
            key: 'transfer',
            label: l('移送其他机构', 'Transfer'),
            children: (
              <Space wrap>
                <Select
                  aria-label={l('接收机构', 'Receiving agency')}
                  style={{ width: 220 }}
                  value={to}
                  onChange={(value: string) => {
                    setTo(value);
                    keep({ to: value });
                  }}
                  loading={directory.isLoading}
                  showSearch
                  optionFilterProp="label"
                  options={selectOptions(agencies)}
                />
                <Input
                  aria-label={l('移送理由', 'Reason for transfer')}
                  placeholder={l('移送理由', 'Reason')}
                  style={{ width: 360 }}
                  value={reason}
                  onChange={(event) => {
                    setReason(event.target.value);
                    keep({ reason: event.target.value });
                  }}
                />
                <Button onClick={() => transfer.mutate()} loading={transfer.isPending}>
                  {l('移送', 'Transfer')}
                </Button>
              </Space>
            ),
          },
          {
            key: 'decline',
            label: l('不予受理', 'Decline'),
            children: (
              <Space wrap>
                <Input
                  aria-label={l('不予受理理由', 'Reason for declining')}
                  placeholder={l('不予受理理由', 'Reason')}
                  style={{ width: 480 }}
                  value={declineReason}
                  onChange={(event) => {
                    setDeclineReason(event.target.value);
                    keep({ declineReason: event.target.value });
                  }}
                />
                <Button danger onClick={() => decline.mutate()} loading={decline.isPending}>
                  {l('不予受理', 'Decline')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

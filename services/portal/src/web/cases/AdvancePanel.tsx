import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RequestAdvanceInput, type AdvanceView, type CaseAdvanceView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure, notThereYet } from '../api/errors.ts';
import { DecideAdvanceForm } from '../approval/AdvanceQueue.tsx';
import { ADVANCE_STATUSES, pick } from '../approval/labels.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';
import { beijingDeadlineDay } from '@jiuzhu/calendar';

/**
 * Advance assistance (先行救助) on the case page: for an urgent case not yet decided, the caseworker asks for it;
 * everyone who may see the money sees its status, and the chief may decide it here too. Nothing shows for a
 * case that is neither urgent nor has an advance.
 */
export function AdvancePanel({ caseId }: { caseId: string }) {
  const api = useApi();
  const { l } = useI18n();
  const { principal } = useAuth();
  const state = useQuery({
    queryKey: ['approval', 'getCaseAdvance', caseId],
    queryFn: () => api.approval.getCaseAdvance.query({ caseId }),
    retry: false,
    // Approval learns of the opening through an event; look again until it has.
    refetchInterval: (query) =>
      query.state.error && notThereYet(describeFailure(query.state.error)) ? 2000 : false,
  });
  const view = state.data;
  if (!view) return null;
  const { advance } = view;
  const mayAsk = !advance && view.urgent && !view.decided && hasAnyRole(principal, ['caseworker']);
  if (!advance && !mayAsk) return null;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('先行救助', 'Advance assistance')}</h2>}
      data-testid="advance"
    >
      {advance ? (
        <>
          <AdvanceStatus advance={advance} />
          {advance.status === 'requested' && hasAnyRole(principal, ['chief']) && (
            <div style={{ marginTop: 12 }}>
              <DecideAdvanceForm advance={advance} />
            </div>
          )}
        </>
      ) : (
        <RequestForm view={view} />
      )}
    </Card>
  );
}

function AdvanceStatus({ advance }: { advance: AdvanceView }) {
  const { l, language } = useI18n();
  const colour = { requested: 'blue', approved: 'green', rejected: 'default' }[advance.status];
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="advance-status">
      <Descriptions.Item label={l('状态', 'Status')}>
        <Tag color={colour}>{pick(ADVANCE_STATUSES, advance.status, language)}</Tag>
        {advance.overdue && <Tag color="red">{l('超期未办结', 'Overdue')}</Tag>}
        {advance.completedAt && <Tag color="green">{l('案件已办结', 'Case completed')}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={l('申请金额', 'Amount')}>{formatFen(advance.amountFen)}</Descriptions.Item>
      <Descriptions.Item label={l('紧急情况', 'Urgency')} span={2}>
        {advance.reason}
      </Descriptions.Item>
      <Descriptions.Item label={l('申请时间', 'Requested')}>
        {formatDateTime(advance.requestedAt)}
      </Descriptions.Item>
      {advance.decidedAt && (
        <Descriptions.Item label={l('审批时间', 'Decided')}>
          {formatDateTime(advance.decidedAt)}
        </Descriptions.Item>
      )}
      {advance.decisionReasons && (
        <Descriptions.Item label={l('审批意见', 'Reasons')} span={2}>
          {advance.decisionReasons}
        </Descriptions.Item>
      )}
      {advance.completeBy && (
        <Descriptions.Item label={l('应办结日期', 'Complete by')} span={2}>
          {beijingDeadlineDay(new Date(advance.completeBy))}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

interface RequestValues {
  amountYuan?: number | null;
  reason?: string;
}

const toInput = (caseId: string, values: RequestValues) => ({
  caseId,
  amountFen: typeof values.amountYuan === 'number' ? Math.round(values.amountYuan * 100) : undefined,
  reason: values.reason ?? '',
});

/** 申请先行救助: the amount in yuan (checked against the agency's cap as the service would) and the urgency. */
function RequestForm({ view }: { view: CaseAdvanceView }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const { caseId, capFen } = view;
  const { form, initialValues, onValuesChange, clear } = useDraftForm<RequestValues>(`advance-${caseId}`);
  const [failure, setFailure] = useState<string>();
  const request = useMutation({
    mutationFn: (values: RequestValues) =>
      api.approval.requestAdvance.mutate(RequestAdvanceInput.parse(toInput(caseId, values))),
    onSuccess: () => {
      clear();
      setFailure(undefined);
      void queryClient.invalidateQueries({ queryKey: ['approval', 'getCaseAdvance', caseId] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  // The service's own words, so the person reads the same message before and after sending.
  const capMessage = `先行救助金额不得超过 ${(capFen / 100).toFixed(2)} 元。`;
  return (
    <Form<RequestValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={(values) => request.mutate(values)}
      style={{ maxWidth: 720 }}
      aria-label={l('申请先行救助', 'Request an advance')}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={l(
          `情况紧急的，可在审查终结前申请先行救助，由院长/检察长批准；上限 ${formatFen(capFen)}，批准后须在 ${view.completionDays} 日内办结。`,
          `Urgent cases may get an advance before the review ends, approved by the chief; at most ${formatFen(capFen)}, and the case must be completed within ${view.completionDays} days of approval.`,
        )}
      />
      <Form.Item
        name="amountYuan"
        label={l('先行救助金额（元）', 'Advance amount (yuan)')}
        extra={l(`不超过 ${formatFen(capFen)}`, `At most ${formatFen(capFen)}`)}
        rules={[
          zodRule(
            form,
            RequestAdvanceInput,
            (values) => toInput(caseId, values),
            ['amountFen'],
            '请填写先行救助金额',
          ),
          {
            validator: async (_rule, yuan: unknown) => {
              if (typeof yuan === 'number' && Math.round(yuan * 100) > capFen) throw new Error(capMessage);
            },
          },
        ]}
      >
        <InputNumber min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={l('紧急情况说明', 'Why it is urgent')}
        rules={[zodRule(form, RequestAdvanceInput, (values) => toInput(caseId, values), ['reason'])]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={request.isPending}>
        {l('申请先行救助', 'Request an advance')}
      </Button>
    </Form>
  );
}

import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Table, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RecordFindingInput, type EligibilityEvaluation, type RuleEvaluation } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';

const OUTCOME_COLOURS = { passed: 'green', failed: 'red', needs_judgement: 'orange' } as const;

export function OutcomeTag({ outcome }: { outcome: RuleEvaluation['outcome'] }) {
  const { l } = useI18n();
  const text = {
    passed: l('通过', 'Passed'),
    failed: l('未通过', 'Failed'),
    needs_judgement: l('需人工判断', 'Needs judgement'),
  }[outcome];
  return <Tag color={OUTCOME_COLOURS[outcome]}>{text}</Tag>;
}

/** The rules with their outcome and why (in Chinese, from the service). */
export function EligibilityTable({ evaluation }: { evaluation: EligibilityEvaluation }) {
  const { l } = useI18n();
  return (
    <Table<RuleEvaluation>
      rowKey="ruleId"
      size="small"
      pagination={false}
      dataSource={evaluation.rules}
      data-testid="eligibility"
      columns={[
        { title: l('编号', 'Rule'), dataIndex: 'ruleId', width: 70 },
        {
          title: l('类别', 'Type'),
          dataIndex: 'type',
          width: 90,
          render: (type: string) =>
            type === 'category' ? l('救助情形', 'Ground') : l('不予救助', 'Refusal'),
        },
        { title: l('规则', 'Rule text'), dataIndex: 'text' },
        {
          title: l('结果', 'Outcome'),
          dataIndex: 'outcome',
          width: 110,
          render: (outcome: RuleEvaluation['outcome']) => <OutcomeTag outcome={outcome} />,
        },
        { title: l('依据', 'Basis'), dataIndex: 'basis' },
      ]}
    />
  );
}

interface Values {
  eligible?: 'yes' | 'no';
  reasons?: string;
  judgements?: Record<string, { outcome?: 'passed' | 'failed'; note?: string }>;
}

/** The caseworker's finding (investigation.recordFinding), judging each rule the facts cannot decide. */
export function FindingForm({ caseId, evaluation }: { caseId: string; evaluation: EligibilityEvaluation }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<Values>(`finding-${caseId}`);
  const [failure, setFailure] = useState<string>();
  const open = evaluation.rules.filter((rule) => rule.outcome === 'needs_judgement');
  const toInput = (values: Values) => ({
    caseId,
    eligible: values.eligible === 'yes' ? true : values.eligible === 'no' ? false : undefined,
    reasons: values.reasons ?? '',
    judgements: Object.entries(values.judgements ?? {})
      .filter(([, judgement]) => judgement.outcome)
      .map(([ruleId, judgement]) => ({ ruleId, outcome: judgement.outcome, note: judgement.note ?? '' })),
  });
  const record = useMutation({
    mutationFn: (values: Values) =>
      api.investigation.recordFinding.mutate(RecordFindingInput.parse(toInput(values))),
    onSuccess: () => {
      setFailure(undefined);
      clear();
      void queryClient.invalidateQueries({ queryKey: ['investigation', 'getCase', caseId] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={(values) => record.mutate(values)}
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      {open.map((rule) => (
        <div key={rule.ruleId} data-testid={`judge-${rule.ruleId}`} style={{ marginBottom: 8 }}>
          <div>
            {rule.ruleId} · {rule.text}
          </div>
          <Form.Item name={['judgements', rule.ruleId, 'outcome']} noStyle>
            <Radio.Group aria-label={`${rule.ruleId} ${l('判断', 'judgement')}`}>
              <Radio value="passed">{l('通过', 'Passed')}</Radio>
              <Radio value="failed">{l('未通过', 'Failed')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name={['judgements', rule.ruleId, 'note']} noStyle>
            <Input
              aria-label={`${rule.ruleId} ${l('判断理由', 'reason')}`}
              placeholder={l('判断理由', 'Reason')}
              style={{ width: 420 }}
            />
          </Form.Item>
        </div>
      ))}
      <Form.Item
        name="eligible"
        label={l('认定结论', 'Finding')}
        rules={[zodRule(form, RecordFindingInput, toInput, ['eligible'], '请选择是否符合救助条件')]}
      >
        <Radio.Group>
          <Radio value="yes">{l('符合救助条件', 'Eligible')}</Radio>
          <Radio value="no">{l('不符合救助条件', 'Not eligible')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="reasons"
        label={l('认定理由', 'Reasons')}
        rules={[zodRule(form, RecordFindingInput, toInput, ['reasons'])]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={record.isPending}>
        {l('保存认定', 'Save finding')}
      </Button>
    </Form>
  );
}

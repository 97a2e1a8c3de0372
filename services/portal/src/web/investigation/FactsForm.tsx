import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RecordTaskInput, TASK_KIND_LABELS, TaskKind } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { DateInput, isoDateField } from '../forms/date-input.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { FACT_FIELDS, toFacts, type FactField } from './fact-fields.ts';

type Values = Record<string, unknown> & { kind?: TaskKind; note?: string };

/** Records the facts of one task (investigation.recordTask); the contract's messages show at the fields. */
export function FactsForm({ caseId }: { caseId: string }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<Values>(`facts-${caseId}`);
  const kind = Form.useWatch('kind', form) as TaskKind | undefined;
  const [failure, setFailure] = useState<string>();
  const toInput = (values: Values) => ({
    caseId,
    facts: values.kind ? toFacts(values.kind, values) : undefined,
    note: values.note || undefined,
  });
  const record = useMutation({
    mutationFn: (values: Values) =>
      api.investigation.recordTask.mutate(RecordTaskInput.parse(toInput(values))),
    onSuccess: () => {
      setFailure(undefined);
      clear();
      void queryClient.invalidateQueries({ queryKey: ['investigation', 'getCase', caseId] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const control = (field: FactField) => {
    switch (field.type) {
      case 'yuan':
      case 'count':
        return <InputNumber min={0} style={{ width: 200 }} precision={field.type === 'yuan' ? 2 : 0} />;
      case 'yesNo':
        return (
          <Radio.Group>
            <Radio value="yes">{l('是', 'Yes')}</Radio>
            <Radio value="no">{l('否', 'No')}</Radio>
          </Radio.Group>
        );
      case 'choice':
        return (
          <Select
            style={{ width: 260 }}
            options={field.choices?.map((c) => ({ value: c.value, label: l(c.zh, c.en) }))}
          />
        );
      case 'longText':
        return <Input.TextArea rows={2} />;
      case 'date':
        return <DateInput />;
      default:
        return <Input />;
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={(values) => record.mutate(values)}
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          message={l('未保存，填写的内容仍在，可修改后重试。', 'Not saved; what you typed is kept.')}
          description={failure}
        />
      )}
      <Form.Item
        name="kind"
        label={l('核查事项', 'Task')}
        rules={[{ required: true, message: '请选择核查事项' }]}
      >
        <Select
          style={{ width: 320 }}
          options={TaskKind.options.map((value) => ({ value, label: TASK_KIND_LABELS[value] }))}
        />
      </Form.Item>
      {kind && (
        <Space wrap size={[16, 0]} align="start">
          {FACT_FIELDS[kind].map((field) => (
            <Form.Item
              key={`${kind}-${field.name}`}
              name={field.name}
              label={l(field.zh, field.en)}
              style={{ minWidth: field.type === 'longText' ? 480 : undefined }}
              {...(field.type === 'date' ? isoDateField : {})}
              rules={[
                zodRule(
                  form,
                  RecordTaskInput,
                  toInput,
                  ['facts', field.name],
                  field.type === 'date' ? `请选择${field.zh}` : undefined,
                ),
              ]}
            >
              {control(field)}
            </Form.Item>
          ))}
        </Space>
      )}
      <Form.Item name="note" label={l('备注（选填）', 'Note (optional)')}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={record.isPending}>
        {l('保存核查结果', 'Save facts')}
      </Button>
    </Form>
  );
}

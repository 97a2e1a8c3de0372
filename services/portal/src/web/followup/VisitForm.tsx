import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { RecordVisitInput, type ReferralProgramme, type VisitMethod } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { DateInput, isoDateField } from '../forms/date-input.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { programmeOptions } from '../referral/labels.ts';
import { INCOME_CHANGES, POVERTY_RISKS, options } from './labels.ts';
import { beijingToday } from '@jiuzhu/calendar';

interface VisitValues {
  conductedOn?: string;
  method?: VisitMethod;
  livingSituation?: string;
  incomeChange?: string;
  health?: string;
  childrenSchooling?: string;
  psychologicalState?: string;
  povertyRisk?: string;
  seriousDeterioration?: boolean;
  needs?: { programme?: ReferralProgramme; note?: string }[];
}

const METHODS: Record<VisitMethod, [string, string]> = {
  phone: ['电话回访', 'Phone call'],
  home_visit: ['上门回访', 'Home visit'],
  village_committee: ['村（居）委会回访', 'Through the village committee'],
};

/**
 * The record of one visit (回访记录). Needs found become referral suggestions in the referral service (the
 * follow-up service publishes them); a serious deterioration alerts the department head.
 */
export function VisitForm() {
  const { visitId = '' } = useParams();
  const [search] = useSearchParams();
  const caseId = search.get('caseId') ?? '';
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { l, language } = useI18n();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<VisitValues>(`visit-${visitId}`, {
    conductedOn: beijingToday(),
    method: (search.get('method') as VisitMethod | null) ?? 'home_visit',
    incomeChange: 'unchanged',
    povertyRisk: 'none',
    seriousDeterioration: false,
    health: '',
    childrenSchooling: '',
    psychologicalState: '',
    needs: [],
  });
  const [failure, setFailure] = useState<string>();
  const record = useMutation({
    mutationFn: (values: VisitValues) => {
      const parsed = RecordVisitInput.safeParse({
        visitId,
        ...values,
        health: values.health ?? '',
        childrenSchooling: values.childrenSchooling ?? '',
        psychologicalState: values.psychologicalState ?? '',
        needs: (values.needs ?? []).filter((need) => need.programme),
      });
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
      return api.followup.recordVisit.mutate(parsed.data);
    },
    onSuccess: () => {
      clear();
      void queryClient.invalidateQueries({ queryKey: ['followup'] });
      void navigate(caseId ? `/cases/${caseId}` : '/followup');
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const text = (name: keyof VisitValues, zh: string, en: string, required = false) => (
    <Form.Item
      name={name}
      label={l(zh, en)}
      rules={[
        ...(required ? [{ required: true, whitespace: true, message: `请填写${zh}` }] : []),
        { max: 1000, message: `${zh}不能超过1000字` },
      ]}
    >
      <Input.TextArea rows={2} />
    </Form.Item>
  );
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('登记回访情况', 'Record a visit')}</h1>}
      extra={caseId && <Link to={`/cases/${caseId}`}>{l('返回案件', 'Back to the case')}</Link>}
    >
      <Form<VisitValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(values) => record.mutate(values)}
        style={{ maxWidth: 800 }}
      >
        <Space wrap size="large">
          <Form.Item
            name="conductedOn"
            label={l('回访日期', 'Visited on')}
            {...isoDateField}
            rules={[
              { required: true, message: '请选择回访日期' },
              {
                // The follow-up service refuses a visit dated after today (Beijing).
                validator: async (_, value?: string) => {
                  if (value && value > beijingToday())
                    throw new Error('回访日期不能晚于今天，请选择今天或之前的日期');
                },
              },
            ]}
          >
            <DateInput />
          </Form.Item>
          <Form.Item
            name="method"
            label={l('回访方式', 'Method')}
            rules={[{ required: true, message: '请选择回访方式' }]}
          >
            <Select style={{ width: 220 }} options={options(METHODS, language)} />
          </Form.Item>
        </Space>
        {text('livingSituation', '生活状况', 'Living situation', true)}
        <Space wrap size="large">
          <Form.Item
            name="incomeChange"
            label={l('收入变化', 'Income change')}
            rules={[{ required: true, message: '请选择收入变化' }]}
          >
            <Select style={{ width: 220 }} options={options(INCOME_CHANGES, language)} />
          </Form.Item>
          <Form.Item
            name="povertyRisk"
            label={l('返贫风险', 'Poverty risk')}
            rules={[{ required: true, message: '请选择返贫风险' }]}
          >
            <Select style={{ width: 220 }} options={options(POVERTY_RISKS, language)} />
          </Form.Item>
        </Space>
        {text('health', '健康状况', 'Health')}
        {text('childrenSchooling', '子女就学情况', "Children's schooling")}
        {text('psychologicalState', '心理状态', 'Psychological state')}
        <Form.Item name="seriousDeterioration" valuePropName="checked">
          <Checkbox>
            {l('情况严重恶化（将提醒部门负责人）', 'Serious deterioration (alerts the head)')}
          </Checkbox>
        </Form.Item>
        <h2 style={{ fontSize: 15 }}>
          {l('发现的救助需求（将生成转介建议）', 'Needs found (become referral suggestions)')}
        </h2>
        <Form.List name="needs">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item
                    name={[field.name, 'programme']}
                    label={l(`需求${index + 1}：救助项目`, `Need ${index + 1}: programme`)}
                    rules={[{ required: true, message: '请选择需求对应的救助项目' }]}
                  >
                    <Select style={{ width: 260 }} options={programmeOptions(language)} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'note']}
                    label={l(`需求${index + 1}：说明`, `Need ${index + 1}: note`)}
                    rules={[{ required: true, whitespace: true, message: '请说明发现的需求' }]}
                  >
                    <Input style={{ width: 360 }} />
                  </Form.Item>
                  <Button
                    aria-label={l(`删除需求${index + 1}`, `Remove need ${index + 1}`)}
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              ))}
              <Form.Item>
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  disabled={fields.length >= 10}
                >
                  {l('添加需求', 'Add a need')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          {l('保存回访记录', 'Save the visit')}
        </Button>
      </Form>
    </Card>
  );
}

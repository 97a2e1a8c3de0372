import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Spin, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SetVisitPlanInput, type VisitMethod, type VisitPlanView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

const METHODS: Record<VisitMethod, [string, string]> = {
  phone: ['电话回访', 'Phone'],
  home_visit: ['上门回访', 'Home visit'],
  village_committee: ['村（居）委会了解', 'Village committee'],
};

// The follow-up service's plan for an agency that never set one; shown only when the plan cannot be read.
const DEFAULT_PLAN: PlanValues = {
  steps: [
    { monthsAfter: 1, method: 'phone' },
    { monthsAfter: 3, method: 'home_visit' },
    { monthsAfter: 6, method: 'village_committee' },
    { monthsAfter: 12, method: 'home_visit' },
  ],
  counselling: '2',
};

interface PlanValues {
  steps?: Array<{ monthsAfter?: number | null; method?: VisitMethod }>;
  /** Months, separated by commas or spaces. */
  counselling?: string;
}

const valuesFrom = (plan: VisitPlanView): PlanValues => ({
  steps: plan.steps,
  counselling: plan.counsellingMonthsAfter.join(', '),
});

function toInput(values: PlanValues) {
  const counselling = (values.counselling ?? '')
    .split(/[,，、\s]+/)
    .filter(Boolean)
    .map(Number);
  return {
    steps: (values.steps ?? []).map((step) => ({
      monthsAfter: step.monthsAfter ?? undefined,
      method: step.method,
    })),
    counsellingMonthsAfter: counselling,
  };
}

/** The agency's follow-up visit plan (回访计划): when and how each assisted household is visited. */
export function VisitPlanTab() {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanValues>();
  const plan = useQuery({
    queryKey: ['followup', 'getVisitPlan'],
    queryFn: () => api.followup.getVisitPlan.query(),
    retry: false,
  });
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    if (plan.data) form.setFieldsValue(valuesFrom(plan.data));
  }, [plan.data, form]);
  const save = useMutation({
    mutationFn: (input: ReturnType<typeof SetVisitPlanInput.parse>) =>
      api.followup.setVisitPlan.mutate(input),
    onSuccess: (saved) => {
      setProblems([]);
      queryClient.setQueryData(['followup', 'getVisitPlan'], saved);
    },
    onError: (error) => setProblems([describeFailure(error).message]),
  });
  const submit = () => {
    const parsed = SetVisitPlanInput.safeParse(toInput(form.getFieldsValue(true) as PlanValues));
    if (!parsed.success) {
      const where = (path: PropertyKey[]) =>
        path[0] === 'steps' && typeof path[1] === 'number'
          ? l(`第${path[1] + 1}次回访：`, `Visit ${path[1] + 1}: `)
          : path[0] === 'counsellingMonthsAfter'
            ? l('心理疏导月份：', 'Counselling months: ')
            : '';
      setProblems(
        parsed.error.issues.map((issue) => {
          const message =
            issue.code === 'too_small' && issue.path[0] === 'steps' && issue.path.length === 1
              ? '回访计划至少需要一次回访'
              : issue.code === 'invalid_type' || issue.code === 'invalid_value'
                ? '请填写1至60之间的整数月份并选择回访方式'
                : issue.code === 'too_big' || issue.code === 'too_small'
                  ? '月份应在1至60之间'
                  : issue.message;
          return `${where(issue.path)}${message}`;
        }),
      );
      return;
    }
    setProblems([]);
    save.mutate(parsed.data);
  };
  const readRefused = plan.error ? describeFailure(plan.error) : undefined;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {plan.data?.isDefault && (
        <Alert
          type="info"
          showIcon
          message={l('本机构尚未设置回访计划，正在使用默认计划。', 'Your agency uses the default plan.')}
        />
      )}
      {plan.data && !plan.data.isDefault && !save.isSuccess && (
        <Alert
          type="info"
          showIcon
          message={l('以下为本机构已保存的回访计划。', 'This is the plan your agency saved.')}
        />
      )}
      {readRefused && (
        <Alert
          type="warning"
          showIcon
          message={l(
            '无法读取当前回访计划，以下为默认计划：',
            'Could not read the current plan; showing the default:',
          )}
          description={readRefused.message}
        />
      )}
      {save.isSuccess && (
        <Alert type="success" showIcon role="status" message={l('回访计划已保存', 'Visit plan saved')} />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={l('请修改以下内容后再保存', 'Please fix the following before saving')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          }
        />
      )}
      {plan.isPending ? (
        <Spin />
      ) : (
        <Form<PlanValues>
          form={form}
          layout="vertical"
          initialValues={plan.data ? valuesFrom(plan.data) : DEFAULT_PLAN}
          onFinish={submit}
          aria-label={l('回访计划', 'Follow-up visit plan')}
        >
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Tag>{l(`第${index + 1}次`, `#${index + 1}`)}</Tag>
                    <Form.Item name={[field.name, 'monthsAfter']} label={l('发放后第几个月', 'Months after')}>
                      <InputNumber min={1} max={60} style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'method']} label={l('回访方式', 'Method')}>
                      <Select
                        style={{ width: 180 }}
                        options={Object.entries(METHODS).map(([value, names]) => ({
                          value,
                          label: names[language === 'zh' ? 0 : 1],
                        }))}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={l(`删除第${index + 1}次回访`, `Remove visit ${index + 1}`)}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ method: 'phone' })}>
                    {l('增加一次回访', 'Add a visit')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Form.Item
            name="counselling"
            label={l(
              '家中有未成年人时，心理疏导回访月份（以逗号分隔）',
              'Counselling visits for minors, months (comma separated)',
            )}
          >
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {l('保存回访计划', 'Save visit plan')}
          </Button>
        </Form>
      )}
    </Space>
  );
}

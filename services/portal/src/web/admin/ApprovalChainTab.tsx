import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, InputNumber, Radio, Space } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { ConfigureChainInput, type ChainConfig } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatFen } from '../i18n/labels.ts';

interface ChainValues {
  finalApprover?: 'chief' | 'committee';
  superiorThresholdYuan?: number | null;
  numberPattern?: string;
  advanceCapYuan?: number | null;
  advanceCompletionDays?: number | null;
  stepDeadlineWorkingDays?: number | null;
}

// The approval service's defaults for an agency that never configured its chain.
const DEFAULTS: ChainValues = {
  finalApprover: 'chief',
  superiorThresholdYuan: 100_000,
  numberPattern: '〔{year}〕司救{seq}号',
  advanceCapYuan: 24_000,
  advanceCompletionDays: 30,
  stepDeadlineWorkingDays: 3,
};

const toFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100);

/** The agency's approval chain (审批流程): who approves last, when the superior agency joins, numbering. */
export function ApprovalChainTab() {
  const api = useApi();
  const { l } = useI18n();
  const { principal } = useAuth();
  const orgId = principal.org?.id ?? '';
  const { form, initialValues, onValuesChange } = useDraftForm<ChainValues>(`admin-chain-${orgId}`, DEFAULTS);
  const [failure, setFailure] = useState<string>();
  const toInput = (values: ChainValues) => ({
    orgId,
    finalApprover: values.finalApprover,
    superiorThresholdFen: toFen(values.superiorThresholdYuan),
    numberPattern: values.numberPattern ?? '',
    advanceCapFen: toFen(values.advanceCapYuan),
    advanceCompletionDays: values.advanceCompletionDays ?? undefined,
    stepDeadlineWorkingDays: values.stepDeadlineWorkingDays ?? undefined,
  });
  const save = useMutation({
    mutationFn: (values: ChainValues) =>
      api.approval.configureChain.mutate(ConfigureChainInput.parse(toInput(values))),
    onSuccess: () => setFailure(undefined),
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const rule = (path: string, required?: string) =>
    zodRule(form, ConfigureChainInput, toInput, [path], required);
  const saved: ChainConfig | undefined = save.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={l(
          `适用于本机构（${principal.org?.name ?? ''}）今后报请审批的案件；已在审批中的案件按原流程办理。`,
          `Applies to cases of ${principal.org?.name ?? 'your agency'} submitted from now on.`,
        )}
      />
      {failure && <Alert type="error" showIcon role="alert" message={failure} />}
      {saved && (
        <Alert
          type="success"
          showIcon
          role="status"
          message={l('审批流程已保存', 'Approval chain saved')}
          description={
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={l('最终审批', 'Final approver')}>
                {saved.finalApprover === 'chief'
                  ? l('院长/检察长', 'Chief')
                  : l('司法救助委员会', 'Committee')}
              </Descriptions.Item>
              <Descriptions.Item label={l('报上级审批金额', 'Superior above')}>
                {formatFen(saved.superiorThresholdFen)}
              </Descriptions.Item>
              <Descriptions.Item label={l('决定书编号', 'Number pattern')}>
                {saved.numberPattern}
              </Descriptions.Item>
              <Descriptions.Item label={l('每环节期限', 'Step deadline')}>
                {l(
                  `${saved.stepDeadlineWorkingDays}个工作日`,
                  `${saved.stepDeadlineWorkingDays} working days`,
                )}
              </Descriptions.Item>
            </Descriptions>
          }
        />
      )}
      <Form<ChainValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(values) => save.mutate(values)}
        aria-label={l('审批流程配置', 'Approval chain configuration')}
      >
        <Form.Item
          name="finalApprover"
          label={l('部门负责人之后的最终审批', 'Final approver after the department head')}
        >
          <Radio.Group
            options={[
              { value: 'chief', label: l('院长/检察长', 'Chief') },
              { value: 'committee', label: l('司法救助委员会', 'Judicial assistance committee') },
            ]}
          />
        </Form.Item>
        <Space wrap size="large" align="start">
          <Form.Item
            name="superiorThresholdYuan"
            label={l('超过此金额报上级机构审批', 'Superior agency approves above')}
            rules={[rule('superiorThresholdFen', '请填写报上级审批的金额')]}
          >
            <InputNumber min={0} suffix="元" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="advanceCapYuan"
            label={l('先行救助上限', 'Advance assistance cap')}
            rules={[rule('advanceCapFen')]}
          >
            <InputNumber min={0} suffix="元" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="advanceCompletionDays"
            label={l('先行救助后办结期限（日）', 'Days to complete after an advance')}
            rules={[rule('advanceCompletionDays')]}
          >
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="stepDeadlineWorkingDays"
            label={l('每个审批环节期限（工作日）', 'Working days per approval step')}
            rules={[rule('stepDeadlineWorkingDays')]}
          >
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="numberPattern"
          label={l('决定书编号格式（{year} 年度、{seq} 序号）', 'Decision number pattern ({year}, {seq})')}
          rules={[rule('numberPattern', '请填写决定书编号格式')]}
        >
          <Input style={{ maxWidth: 360 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {l('保存审批流程', 'Save approval chain')}
        </Button>
      </Form>
    </Space>
  );
}

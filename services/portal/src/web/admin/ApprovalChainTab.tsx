import { Alert, Button, Descriptions, Form, Input, InputNumber, Radio, Space, Spin } from 'antd';
import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import {
  ConfigureChainInput,
  formatOfficialNumber,
  NumberPattern,
  OfficialNumberError,
  type ChainConfig,
  type ChainConfigView,
  type Organisation,
} from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatFen } from '../i18n/labels.ts';
import { beijingToday } from '@jiuzhu/calendar';

interface ChainValues {
  finalApprover?: 'chief' | 'committee';
  superiorThresholdYuan?: number | null;
  numberPattern?: string;
  advanceCapYuan?: number | null;
  advanceCompletionDays?: number | null;
  stepDeadlineWorkingDays?: number | null;
}

const toFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100);

const toInput = (orgId: string, values: ChainValues) => ({
  orgId,
  finalApprover: values.finalApprover,
  superiorThresholdFen: toFen(values.superiorThresholdYuan),
  numberPattern: values.numberPattern ?? '',
  advanceCapFen: toFen(values.advanceCapYuan),
  advanceCompletionDays: values.advanceCompletionDays ?? undefined,
  stepDeadlineWorkingDays: values.stepDeadlineWorkingDays ?? undefined,
});

const valuesFrom = (config: ChainConfig): ChainValues => ({
  finalApprover: config.finalApprover,
  superiorThresholdYuan: config.superiorThresholdFen / 100,
  numberPattern: config.numberPattern,
  advanceCapYuan: config.advanceCapFen / 100,
  advanceCompletionDays: config.advanceCompletionDays,
  stepDeadlineWorkingDays: config.stepDeadlineWorkingDays,
});

type SaveChain = UseMutationResult<ChainConfig, Error, ChainValues>;

/** The agency's approval chain (审批流程): who approves last, when the superior agency joins, numbering. */
export function ApprovalChainTab() {
  const api = useApi();
  const { l } = useI18n();
  const { principal } = useAuth();
  const queryClient = useQueryClient();
  const orgId = principal.org?.id ?? '';
  const queryKey = ['approval', 'getChainConfig', orgId];
  const current = useQuery({
    queryKey,
    queryFn: () => api.approval.getChainConfig.query({ orgId }),
    enabled: orgId !== '',
    retry: false,
  });
  const save: SaveChain = useMutation({
    mutationFn: (values: ChainValues) =>
      api.approval.configureChain.mutate(ConfigureChainInput.parse(toInput(orgId, values))),
    onSuccess: (saved) => {
      queryClient.setQueryData<ChainConfigView>(queryKey, { ...saved, orgId, source: 'stored' });
      void queryClient.invalidateQueries({ queryKey });
    },
  });
  const readFailure = current.error ? describeFailure(current.error).message : undefined;
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
      {save.error && (
        <Alert type="error" showIcon role="alert" message={describeFailure(save.error).message} />
      )}
      {readFailure && (
        <Alert
          type="warning"
          showIcon
          message={l('无法读取本机构当前的审批流程', 'Could not read the current approval chain')}
          description={readFailure}
        />
      )}
      {current.data && <CurrentChain chain={current.data} justSaved={save.isSuccess} />}
      {current.isLoading ? <Spin /> : <ChainForm orgId={orgId} stored={current.data} save={save} />}
    </Space>
  );
}

/** The chain in force: what the agency saved, or the service's defaults. */
function CurrentChain({ chain, justSaved }: { chain: ChainConfigView; justSaved: boolean }) {
  const { l } = useI18n();
  const title = justSaved
    ? l('审批流程已保存', 'Approval chain saved')
    : chain.source === 'default'
      ? l(
          '本机构尚未配置审批流程，现按系统默认流程办理',
          'Your agency has not configured its chain; the defaults apply',
        )
      : l('当前生效的审批流程（本机构已配置）', 'Approval chain in force (configured by your agency)');
  return (
    <Alert
      type={justSaved ? 'success' : 'info'}
      showIcon
      role={justSaved ? 'status' : 'note'}
      data-testid="current-chain"
      message={title}
      description={
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={l('最终审批', 'Final approver')}>
            {chain.finalApprover === 'chief' ? l('院长/检察长', 'Chief') : l('司法救助委员会', 'Committee')}
          </Descriptions.Item>
          <Descriptions.Item label={l('报上级审批金额', 'Superior above')}>
            {formatFen(chain.superiorThresholdFen)}
          </Descriptions.Item>
          <Descriptions.Item label={l('决定书编号', 'Number pattern')}>
            {chain.numberPattern}
          </Descriptions.Item>
          <Descriptions.Item label={l('每环节期限', 'Step deadline')}>
            {l(`${chain.stepDeadlineWorkingDays}个工作日`, `${chain.stepDeadlineWorkingDays} working days`)}
          </Descriptions.Item>
          <Descriptions.Item label={l('先行救助上限', 'Advance cap')}>
            {formatFen(chain.advanceCapFen)}
          </Descriptions.Item>
          <Descriptions.Item label={l('先行救助办结期限', 'Advance completion')}>
            {l(`${chain.advanceCompletionDays}日`, `${chain.advanceCompletionDays} days`)}
          </Descriptions.Item>
        </Descriptions>
      }
    />
  );
}

/** Prefilled from the chain in force; an unsaved draft typed in this tab takes precedence until saved. */
function ChainForm({ orgId, stored, save }: { orgId: string; stored?: ChainConfig; save: SaveChain }) {
  const { l } = useI18n();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<ChainValues>(
    `admin-chain-${orgId}`,
    stored ? valuesFrom(stored) : {},
  );
  const numberPattern = Form.useWatch('numberPattern', form);
  const rule = (path: string, required?: string) =>
    zodRule(form, ConfigureChainInput, (values: ChainValues) => toInput(orgId, values), [path], required);
  const submit = (values: ChainValues) =>
    save.mutate(values, {
      onSuccess: (saved) => {
        clear();
        form.setFieldsValue(valuesFrom(saved));
      },
    });
  return (
    <Form<ChainValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={submit}
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
        label={l(
          '决定书编号格式（{year} 年度、{code} 本机构代字、{seq} 序号）',
          'Decision number pattern ({year}, {code} agency code, {seq})',
        )}
        rules={[rule('numberPattern', '请填写决定书编号格式')]}
        extra={<NumberExample pattern={numberPattern} />}
      >
        <Input style={{ maxWidth: 360 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {l('保存审批流程', 'Save approval chain')}
      </Button>
    </Form>
  );
}

/** The first number of this year under the pattern typed, for the administrator's own agency. */
function NumberExample({ pattern }: { pattern: string | undefined }) {
  const { l } = useI18n();
  const { principal } = useAuth();
  const example = exampleNumber(pattern, principal.org);
  if (!example) return null;
  return <span data-testid="number-example">{l(`本机构编号示例：${example}`, `Example: ${example}`)}</span>;
}

function exampleNumber(pattern: string | undefined, org: Organisation | undefined): string | null {
  const parsed = NumberPattern.safeParse(pattern);
  if (!parsed.success || !org || (org.type !== 'court' && org.type !== 'procuratorate')) return null;
  try {
    return formatOfficialNumber({
      kind: 'decision',
      agency: { type: org.type, level: org.level, region: org.region },
      year: Number(beijingToday().slice(0, 4)),
      sequence: 1,
      pattern: parsed.data,
    });
  } catch (error) {
    if (error instanceof OfficialNumberError) return null;
    throw error;
  }
}

import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CreateLeadInput, LeadSource, ReferralStage, UrgentReason } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useDraft } from '../forms/drafts.ts';
import { zodRule, type FieldPath } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { leadSourceLabel, referralStageLabel, urgentReasonLabel } from '../i18n/labels.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** The form's own shape: the contract's input for one person, with the amount in yuan as people think of it. */
interface LeadFormValues {
  source?: string;
  referral?: { department?: string; stage?: string };
  applicationForm?: 'written' | 'oral';
  applicant?: {
    name?: string;
    idNumber?: string;
    phone?: string;
    address?: { regionCode?: string; detail?: string };
    bankAccount?: string;
  };
  incidentSummary?: string;
  underlyingCaseRef?: string;
  requestedAmountYuan?: number | null;
  urgentReasons?: string[];
  consent?: { dataChecks?: boolean; form?: 'written' | 'oral' };
}

const text = (value: string | undefined) => (value?.trim() ? value : undefined);

function toInput(values: LeadFormValues) {
  const yuan = values.requestedAmountYuan;
  const department = text(values.referral?.department);
  const stage = values.referral?.stage;
  return {
    source: values.source,
    referral:
      values.source === 'internal_department' || department || stage
        ? { department: department ?? '', stage }
        : undefined,
    applicationForm: values.source === 'own_application' ? values.applicationForm : undefined,
    applicant: {
      name: values.applicant?.name ?? '',
      idNumber: values.applicant?.idNumber ?? '',
      phone: values.applicant?.phone ?? '',
      address: {
        regionCode: values.applicant?.address?.regionCode ?? '',
        detail: values.applicant?.address?.detail ?? '',
      },
      bankAccount: text(values.applicant?.bankAccount),
    },
    incidentSummary: values.incidentSummary ?? '',
    underlyingCaseRef: text(values.underlyingCaseRef),
    requestedAmountFen: typeof yuan === 'number' ? Math.round(yuan * 100) : undefined,
    urgentReasons: values.urgentReasons ?? [],
    consent: { dataChecks: values.consent?.dataChecks === true, form: values.consent?.form },
  };
}

const FORM_KEY = 'new-lead';

const EMPTY: LeadFormValues = {
  source: undefined,
  referral: { department: '', stage: undefined },
  applicationForm: undefined,
  applicant: { name: '', idNumber: '', phone: '', address: { regionCode: '', detail: '' }, bankAccount: '' },
  incidentSummary: '',
  underlyingCaseRef: '',
  requestedAmountYuan: null,
  urgentReasons: [],
  consent: { dataChecks: false, form: undefined },
};

/** Registers a lead (intake.createLead). What is typed is kept as a draft until the service accepts it. */
export function NewLead() {
  const api = useApi();
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<LeadFormValues>();
  const draft = useDraft<LeadFormValues>(FORM_KEY);
  const [failure, setFailure] = useState<string>();
  const source = Form.useWatch('source', form);

  const createLead = useMutation({
    mutationFn: (values: LeadFormValues) =>
      api.intake.createLead.mutate(CreateLeadInput.parse(toInput(values))),
    onSuccess: (lead) => {
      draft.clear();
      void queryClient.invalidateQueries({ queryKey: ['intake'] });
      void message.success(t('lead.created'));
      void navigate(`/leads/${lead.leadId}`);
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });

  const rule = (path: FieldPath, required?: MessageKey) =>
    zodRule(form, CreateLeadInput, toInput, path, required ? t(required) : undefined);
  const choices = <V extends string>(
    values: readonly V[],
    label: (value: V, language: 'zh' | 'en') => string,
  ) => values.map((value) => ({ value, label: label(value, language) }));

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('lead.title')}</h1>}>
      <Form<LeadFormValues>
        form={form}
        layout="vertical"
        initialValues={{ urgentReasons: [], ...draft.initial }}
        onValuesChange={(_, all) => draft.save(all)}
        onFinish={(values) => {
          setFailure(undefined);
          createLead.mutate(values);
        }}
        scrollToFirstError
        style={{ maxWidth: 1000 }}
      >
        {failure && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            message={t('lead.submitFailed')}
            description={failure}
          />
        )}
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.source')}
              name="source"
              rules={[rule(['source'], 'lead.required.source')]}
            >
              <Select options={choices(LeadSource.options, leadSourceLabel)} />
            </Form.Item>
          </Col>
          {source === 'internal_department' && (
            <>
              <Col xs={24} md={8}>
                <Form.Item
                  label={t('lead.referralDepartment')}
                  name={['referral', 'department']}
                  rules={[rule(['referral', 'department'])]}
                >
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  label={t('lead.referralStage')}
                  name={['referral', 'stage']}
                  rules={[rule(['referral', 'stage'])]}
                >
                  <Select options={choices(ReferralStage.options, referralStageLabel)} />
                </Form.Item>
              </Col>
            </>
          )}
          {source === 'own_application' && (
            <Col xs={24} md={8}>
              <Form.Item
                label={t('lead.applicationForm')}
                name="applicationForm"
                rules={[rule(['applicationForm'])]}
              >
                <Radio.Group>
                  <Radio value="written">{t('lead.form.written')}</Radio>
                  <Radio value="oral">{t('lead.form.oral')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
          )}
        </Row>
        <Typography.Title level={2} style={{ fontSize: 15 }}>
          {t('lead.applicantSection')}
        </Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.applicantName')}
              name={['applicant', 'name']}
              rules={[rule(['applicant', 'name'])]}
            >
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.idNumber')}
              name={['applicant', 'idNumber']}
              rules={[rule(['applicant', 'idNumber'])]}
              validateTrigger="onBlur"
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.phone')}
              name={['applicant', 'phone']}
              rules={[rule(['applicant', 'phone'])]}
              validateTrigger="onBlur"
            >
              <Input maxLength={20} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.regionCode')}
              name={['applicant', 'address', 'regionCode']}
              rules={[rule(['applicant', 'address', 'regionCode'])]}
              validateTrigger="onBlur"
            >
              <Input maxLength={6} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              label={t('lead.addressDetail')}
              name={['applicant', 'address', 'detail']}
              rules={[rule(['applicant', 'address', 'detail'])]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.bankAccount')}
              name={['applicant', 'bankAccount']}
              rules={[rule(['applicant', 'bankAccount'])]}
              validateTrigger="onBlur"
            >
              <Input maxLength={19} inputMode="numeric" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={2} style={{ fontSize: 15 }}>
          {t('lead.caseSection')}
        </Typography.Title>
        <Form.Item
          label={t('lead.incidentSummary')}
          name="incidentSummary"
          rules={[rule(['incidentSummary'])]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.underlyingCaseRef')}
              name="underlyingCaseRef"
              rules={[rule(['underlyingCaseRef'])]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('lead.requestedAmount')}
              name="requestedAmountYuan"
              rules={[rule(['requestedAmountFen'], 'lead.required.amount')]}
            >
              <InputNumber min={0} max={1_000_000_000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('lead.urgentReasons')} name="urgentReasons">
              <Checkbox.Group options={choices(UrgentReason.options, urgentReasonLabel)} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={2} style={{ fontSize: 15 }}>
          {t('lead.consentSection')}
        </Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name={['consent', 'dataChecks']}
              valuePropName="checked"
              rules={[rule(['consent', 'dataChecks'])]}
            >
              <Checkbox>{t('lead.consentDataChecks')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('lead.consentForm')}
              name={['consent', 'form']}
              rules={[rule(['consent', 'form'])]}
            >
              <Radio.Group>
                <Radio value="written">{t('lead.form.written')}</Radio>
                <Radio value="oral">{t('lead.form.oral')}</Radio>
              </Radio.Group>
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={createLead.isPending}>
            {t('lead.submit')}
          </Button>
          <Button
            onClick={() => {
              form.setFieldsValue(EMPTY);
              form.setFields(form.getFieldsError().map(({ name }) => ({ name: name as never, errors: [] })));
              draft.clear();
              setFailure(undefined);
            }}
          >
            {t('lead.clearDraft')}
          </Button>
          <Typography.Text type="secondary">{t('lead.draftKept')}</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}

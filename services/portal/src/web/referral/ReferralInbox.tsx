import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  programmeReveals,
  RecordOutcomeInput,
  type ReferralProgramme,
  type ReferralView,
} from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { DateInput, isoDateField } from '../forms/date-input.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ReferralStatusTags } from './ReferralStatusTags.tsx';
import {
  PERSON_NOTE_FIELDS,
  personNoteLabel,
  programmeLabel,
  programmeNoteFields,
  programmeOptions,
  referralActionLabel,
} from './labels.ts';
import { beijingToday } from '@jiuzhu/calendar';

type Action = 'requestInfo' | 'decline' | 'outcome';

/**
 * The partner officer's inbox: referrals addressed to their department, as the referral service shows them
 * to a partner (masked personal data, never amounts or crime facts), with accept, ask, decline and outcome.
 */
export function ReferralInbox() {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const [acting, setActing] = useState<{ action: Action; referral: ReferralView }>();
  const [failure, setFailure] = useState<string>();
  const inbox = useQuery({
    queryKey: ['referral', 'inbox'],
    queryFn: () => api.referral.inbox.query({}),
    refetchInterval: 10_000,
  });
  const accept = useMutation({
    mutationFn: (referralId: string) => api.referral.accept.mutate({ referralId }),
    onSuccess: () => {
      setFailure(undefined);
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('衔接移送收件箱', 'Referral inbox')}</h1>}>
      {inbox.error && <Alert type="error" showIcon message={describeFailure(inbox.error).message} />}
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Table<ReferralView>
        rowKey="referralId"
        size="small"
        loading={inbox.isLoading}
        dataSource={inbox.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: l('暂无转介事项', 'Nothing referred to you') }}
        data-testid="referral-inbox"
        expandable={{
          expandedRowRender: (row) => <ReferralDetails referral={row} />,
          columnTitle: l('详情', 'Details'),
        }}
        columns={[
          { title: l('被转介人', 'Person'), dataIndex: ['person', 'name'] },
          { title: l('身份证号码', 'ID number'), dataIndex: ['person', 'idNumberMasked'] },
          {
            title: l('救助项目', 'Programme'),
            dataIndex: 'programme',
            render: (programme: string) => programmeLabel(programme, language),
          },
          { title: l('转介理由', 'Reason'), dataIndex: 'reason' },
          { title: l('答复期限', 'Answer due'), dataIndex: 'answerDueOn' },
          {
            title: l('状态', 'Status'),
            dataIndex: 'status',
            render: (status: string, row) => <ReferralStatusTags status={status} overdue={row.overdue} />,
          },
          {
            title: l('操作', 'Actions'),
            key: 'actions',
            render: (_, row) => (
              <Space wrap>
                {(row.status === 'sent' || row.status === 'info_requested') && (
                  <Button
                    size="small"
                    type="primary"
                    loading={accept.isPending && accept.variables === row.referralId}
                    onClick={() => accept.mutate(row.referralId)}
                  >
                    {l('接收', 'Accept')}
                  </Button>
                )}
                {row.status === 'sent' && (
                  <Button size="small" onClick={() => setActing({ action: 'requestInfo', referral: row })}>
                    {l('要求补充材料', 'Ask for information')}
                  </Button>
                )}
                {(row.status === 'sent' || row.status === 'info_requested') && (
                  <Button size="small" danger onClick={() => setActing({ action: 'decline', referral: row })}>
                    {l('退回', 'Decline')}
                  </Button>
                )}
                {row.status === 'accepted' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setActing({ action: 'outcome', referral: row })}
                  >
                    {l('登记办理结果', 'Record outcome')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {acting?.action === 'outcome' && (
        <OutcomeDialog referral={acting.referral} onClose={() => setActing(undefined)} />
      )}
      {(acting?.action === 'requestInfo' || acting?.action === 'decline') && (
        <AnswerDialog
          action={acting.action}
          referral={acting.referral}
          onClose={() => setActing(undefined)}
        />
      )}
    </Card>
  );
}

function ReferralDetails({ referral }: { referral: ReferralView }) {
  const { l, language } = useI18n();
  // The programme decides what its partner may see in full (PROGRAMME_PERSON_FIELDS); nothing else is offered.
  const reveals = programmeReveals(referral.programme);
  const { idNumberMasked, phoneMasked } = referral.person;
  return (
    <Descriptions size="small" column={2} data-testid="referral-details">
      <Descriptions.Item label={l('完整身份证号码', 'Full ID number')} span={2}>
        {reveals.includes('idNumber') ? (
          <RevealField referralId={referral.referralId} field="idNumber" />
        ) : (
          <span data-testid="id-number-not-needed">
            {l(
              `${idNumberMasked}（本救助项目办理时无需完整身份证号码）`,
              `${idNumberMasked} (this programme does not need the full ID number)`,
            )}
          </span>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={l('联系电话', 'Phone')} span={2}>
        {phoneMasked !== null &&
          (reveals.includes('phone') ? (
            <RevealField referralId={referral.referralId} field="phone" masked={phoneMasked} />
          ) : (
            <span data-testid="phone-masked">{phoneMasked}</span>
          ))}
      </Descriptions.Item>
      <Descriptions.Item label={l('住址', 'Address')}>
        {`${referral.person.address.regionCode} ${referral.person.address.detail ?? ''}`}
      </Descriptions.Item>
      {receivedNotes(referral).map((field) => (
        <Descriptions.Item key={field} label={personNoteLabel(field, language)} span={2}>
          {referral.person[field] ?? ''}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={l('办理记录', 'History')} span={2}>
        {referral.history
          .map(
            (entry) =>
              `${entry.at.slice(0, 10)} ${referralActionLabel(entry.action, language)}${entry.note ? `：${entry.note}` : ''}`,
          )
          .join('；')}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The notes this programme receives (empty when the caseworker wrote none), and any other the service sent. */
const receivedNotes = (referral: ReferralView) => {
  const received = programmeNoteFields(referral.programme);
  return PERSON_NOTE_FIELDS.filter((field) => received.includes(field) || referral.person[field] !== null);
};

function AnswerDialog({
  action,
  referral,
  onClose,
}: {
  action: 'requestInfo' | 'decline';
  referral: ReferralView;
  onClose: () => void;
}) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<{ text?: string }>(
    `referral-${action}-${referral.referralId}`,
  );
  const [failure, setFailure] = useState<string>();
  const label =
    action === 'decline' ? l('退回理由', 'Reason for declining') : l('需补充的材料或问题', 'Question');
  const answer = useMutation({
    mutationFn: (text: string) =>
      action === 'decline'
        ? api.referral.decline.mutate({ referralId: referral.referralId, reason: text })
        : api.referral.requestInfo.mutate({ referralId: referral.referralId, question: text }),
    onSuccess: () => {
      clear();
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
      onClose();
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Modal
      open
      title={
        action === 'decline' ? l('退回转介', 'Decline referral') : l('要求补充材料', 'Ask for information')
      }
      okText={l('提交', 'Submit')}
      onOk={() => form.submit()}
      confirmLoading={answer.isPending}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(values) => answer.mutate(values.text ?? '')}
      >
        <Form.Item
          name="text"
          label={label}
          rules={[
            {
              required: true,
              whitespace: true,
              message: `请填写${action === 'decline' ? '退回理由' : '需补充的材料或问题'}`,
            },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        {failure && <Alert type="error" showIcon message={failure} />}
      </Form>
    </Modal>
  );
}

interface OutcomeValues {
  outcome?: 'enrolled' | 'not_enrolled';
  enrolledProgramme?: ReferralProgramme;
  enrolledFrom?: string;
  monthlyAmountYuan?: number;
  note?: string;
}

function toOutcomeInput(referralId: string, values: OutcomeValues) {
  if (values.outcome === 'not_enrolled')
    return { referralId, outcome: 'not_enrolled', note: values.note ?? '' };
  return {
    referralId,
    outcome: values.outcome,
    enrolledProgramme: values.enrolledProgramme,
    enrolledFrom: values.enrolledFrom,
    ...(values.monthlyAmountYuan !== undefined && values.monthlyAmountYuan !== null
      ? { monthlyAmountFen: Math.round(values.monthlyAmountYuan * 100) }
      : {}),
    ...(values.note?.trim() ? { note: values.note.trim() } : {}),
  };
}

function OutcomeDialog({ referral, onClose }: { referral: ReferralView; onClose: () => void }) {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<OutcomeValues>(
    `referral-outcome-${referral.referralId}`,
    {
      outcome: 'enrolled',
      enrolledProgramme: referral.programme as ReferralProgramme,
      enrolledFrom: beijingToday(),
    },
  );
  const outcome = Form.useWatch('outcome', form);
  const [failure, setFailure] = useState<string>();
  const record = useMutation({
    mutationFn: (values: OutcomeValues) => {
      const parsed = RecordOutcomeInput.safeParse(toOutcomeInput(referral.referralId, values));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
      return api.referral.recordOutcome.mutate(parsed.data);
    },
    onSuccess: () => {
      clear();
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
      onClose();
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Modal
      open
      title={`${l('登记办理结果', 'Record outcome')}：${referral.person.name}`}
      okText={l('保存', 'Save')}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      onCancel={onClose}
    >
      <Form<OutcomeValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(values) => record.mutate(values)}
      >
        <Form.Item
          name="outcome"
          label={l('办理结果', 'Outcome')}
          rules={[{ required: true, message: '请选择办理结果' }]}
        >
          <Select
            options={[
              { value: 'enrolled', label: l('纳入救助', 'Enrolled') },
              { value: 'not_enrolled', label: l('未纳入', 'Not enrolled') },
            ]}
          />
        </Form.Item>
        {outcome !== 'not_enrolled' && (
          <>
            <Form.Item
              name="enrolledProgramme"
              label={l('纳入的救助项目', 'Enrolled programme')}
              rules={[{ required: true, message: '请选择纳入的救助项目' }]}
            >
              <Select options={programmeOptions(language)} />
            </Form.Item>
            <Form.Item
              name="enrolledFrom"
              label={l('纳入日期', 'Enrolled from')}
              {...isoDateField}
              rules={[{ required: true, message: '请选择纳入日期' }]}
            >
              <DateInput style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="monthlyAmountYuan"
              label={l('每月金额（元，选填）', 'Monthly amount (yuan, optional)')}
              rules={[{ type: 'number', min: 0, message: '每月金额不能为负数' }]}
            >
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="note"
          label={
            outcome === 'not_enrolled'
              ? l('未纳入的原因', 'Why not enrolled')
              : l('备注（选填）', 'Note (optional)')
          }
          rules={
            outcome === 'not_enrolled'
              ? [{ required: true, whitespace: true, message: '请填写未纳入的原因' }]
              : []
          }
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        {failure && <Alert type="error" showIcon message={failure} />}
      </Form>
    </Modal>
  );
}

/**
 * The audited full ID number or phone, for the partner's own registration or to call the person: a stated
 * purpose is required, and the referral service records who read it, for which department, when and why.
 */
function RevealField({
  referralId,
  field,
  masked,
}: {
  referralId: string;
  field: 'idNumber' | 'phone';
  /** Shown until the full value is. */
  masked?: string;
}) {
  const api = useApi();
  const { l } = useI18n();
  const [purpose, setPurpose] = useState('');
  const [failure, setFailure] = useState<string>();
  const reveal = useMutation({
    mutationFn: async () =>
      field === 'idNumber'
        ? (await api.referral.revealIdNumber.mutate({ referralId, purpose })).idNumber
        : (await api.referral.revealPhone.mutate({ referralId, purpose })).phone,
    onSuccess: () => setFailure(undefined),
    onError: (error) => setFailure(describeFailure(error).message),
  });
  if (reveal.data)
    return (
      <span data-testid={field === 'idNumber' ? 'revealed-id-number' : 'revealed-phone'}>{reveal.data}</span>
    );
  return (
    <Space wrap>
      {masked && <span data-testid={`${field}-masked`}>{masked}</span>}
      <Input
        aria-label={
          field === 'idNumber'
            ? l('查看身份证号码事由', 'Purpose for the ID number')
            : l('查看联系电话事由', 'Purpose for the phone number')
        }
        placeholder={
          field === 'idNumber'
            ? l('查看事由（如：办理低保登记）', 'Purpose (e.g. registration)')
            : l('查看事由（如：电话通知补充材料）', 'Purpose (e.g. calling about documents)')
        }
        value={purpose}
        onChange={(event) => setPurpose(event.target.value)}
        style={{ width: 260 }}
      />
      <Button size="small" loading={reveal.isPending} onClick={() => reveal.mutate()} autoInsertSpace={false}>
        {l('显示', 'Show')}
      </Button>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Space>
  );
}

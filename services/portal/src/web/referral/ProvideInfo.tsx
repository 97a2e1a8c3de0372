import { useState } from 'react';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReferralView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useDraftForm } from '../forms/draft-form.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The referring caseworker answers a partner's request for more information. */
export function ProvideInfo({ referral }: { referral: ReferralView }) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string>();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<{ answer?: string }>(
    `referral-answer-${referral.referralId}`,
  );
  const question = [...referral.history].reverse().find((entry) => entry.action === 'info_requested')?.note;
  const answer = useMutation({
    mutationFn: (text: string) =>
      api.referral.provideInfo.mutate({ referralId: referral.referralId, answer: text }),
    onSuccess: () => {
      clear();
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {l('补充说明', 'Provide information')}
      </Button>
      <Modal
        open={open}
        title={l('补充说明', 'Provide information')}
        okText={l('提交', 'Submit')}
        onOk={() => form.submit()}
        confirmLoading={answer.isPending}
        onCancel={() => setOpen(false)}
      >
        {question && (
          <Alert type="info" showIcon message={`${l('协作部门要求', 'The partner asks')}：${question}`} />
        )}
        <Form
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onValuesChange={onValuesChange}
          onFinish={(values) => answer.mutate(values.answer ?? '')}
          style={{ marginTop: 12 }}
        >
          <Form.Item
            name="answer"
            label={l('补充说明', 'Answer')}
            rules={[{ required: true, whitespace: true, message: '请填写补充说明' }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          {failure && <Alert type="error" showIcon message={failure} />}
        </Form>
      </Modal>
    </>
  );
}

import { useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Input, Modal } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { PersonalField, RevealPersonInput, type RevealedPerson } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

const FIELD_NAMES: Record<PersonalField, [string, string]> = {
  idNumber: ['身份证号码', 'ID number'],
  phone: ['联系电话', 'Phone'],
  address: ['住址', 'Address'],
  bankAccount: ['银行账号', 'Bank account'],
};

/**
 * The audited "显示" (intake.revealPerson): the applicant's data stays masked until the person states why
 * they need it; what the service returns is shown on this page only, never kept.
 */
export function RevealPerson({ leadId }: { leadId: string }) {
  const api = useApi();
  const { l, language } = useI18n();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState<PersonalField[]>(['idNumber', 'phone']);
  const [purpose, setPurpose] = useState('');
  const [problem, setProblem] = useState<string>();
  const [revealed, setRevealed] = useState<RevealedPerson>();
  const lead = useQuery({
    queryKey: ['intake', 'getLead', leadId],
    queryFn: () => api.intake.getLead.query({ leadId }),
    enabled: open,
  });
  const reveal = useMutation({
    mutationFn: () => {
      const personId = lead.data?.people.find((person) => person.role === 'applicant')?.personId;
      const result = RevealPersonInput.safeParse({ leadId, personId, fields, purpose });
      if (!result.success) throw new Error(result.error.issues[0]?.message);
      return api.intake.revealPerson.mutate(result.data);
    },
    onSuccess: (person) => {
      setRevealed(person);
      setOpen(false);
      setProblem(undefined);
    },
    onError: (error) => setProblem(describeFailure(error).message),
  });
  const name = (field: PersonalField) => FIELD_NAMES[field][language === 'zh' ? 0 : 1];
  return (
    <>
      <Button size="small" autoInsertSpace={false} onClick={() => setOpen(true)}>
        {l('显示', 'Show')}
      </Button>
      {revealed && (
        <Descriptions size="small" column={2} style={{ marginTop: 8 }} data-testid="revealed">
          {revealed.idNumber && (
            <Descriptions.Item label={name('idNumber')}>{revealed.idNumber}</Descriptions.Item>
          )}
          {revealed.phone && <Descriptions.Item label={name('phone')}>{revealed.phone}</Descriptions.Item>}
          {revealed.address && (
            <Descriptions.Item label={name('address')}>
              {revealed.address.regionCode} {revealed.address.detail}
            </Descriptions.Item>
          )}
          {revealed.bankAccount && (
            <Descriptions.Item label={name('bankAccount')}>{revealed.bankAccount}</Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Modal
        open={open}
        title={l('查看完整个人信息（将被记录）', 'Show personal data (recorded)')}
        okText={l('显示', 'Show')}
        cancelText={l('取消', 'Cancel')}
        confirmLoading={reveal.isPending}
        okButtonProps={{ autoInsertSpace: false }}
        onOk={() => reveal.mutate()}
        onCancel={() => setOpen(false)}
      >
        <Checkbox.Group
          value={fields}
          onChange={(values) => setFields(values)}
          options={PersonalField.options.map((value) => ({ value, label: name(value) }))}
        />
        <Input.TextArea
          style={{ marginTop: 12 }}
          rows={2}
          aria-label={l('查看事由', 'Purpose')}
          placeholder={l('查看事由（至少4个字）', 'Purpose (at least 4 characters)')}
          value={purpose}
          onChange={(event) => setPurpose(event.target.value)}
        />
        {problem && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={problem} />}
      </Modal>
    </>
  );
}

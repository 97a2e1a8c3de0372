import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReferralItemInput, type ReferralProgramme } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure, notThereYet } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { useDraftForm } from '../forms/draft-form.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { partnerDepartments, partnerRefOf } from '../directory/organisations.ts';
import { useOrganisations } from '../directory/useOrganisations.ts';
import {
  personNoteFormLabel,
  personNoteTooLong,
  programmeLabel,
  programmeNoteFields,
  type PersonNoteField,
} from './labels.ts';
import { ProgrammeAndPartnerFields } from './ProgrammeAndPartnerFields.tsx';
import { ReferralTable } from './ReferralTable.tsx';
import { referredPerson } from './referred-person.ts';

/** On the case page: the referrals this case has (status, outcome, overdue) and, for the caseworker, a new one. */
export function CaseReferrals({ caseId }: { caseId: string }) {
  const api = useApi();
  const { principal } = useAuth();
  const referrals = useQuery({
    queryKey: ['referral', 'listReferrals', caseId],
    queryFn: () => api.referral.listReferrals.query({ caseId }),
    retry: false,
  });
  // A case without referrals answers "not found"; that is an empty list here.
  const failure = referrals.error ? describeFailure(referrals.error) : undefined;
  return (
    <>
      {failure && !notThereYet(failure) && <Alert type="error" showIcon message={failure.message} />}
      <ReferralTable
        rows={referrals.data ?? []}
        loading={referrals.isLoading}
        answerable={hasAnyRole(principal, ['caseworker'])}
      />
      {hasAnyRole(principal, ['caseworker']) && <ReferForm caseId={caseId} />}
    </>
  );
}

interface ReferValues extends Partial<Record<PersonNoteField, string>> {
  programme?: ReferralProgramme;
  partnerOrgId?: string;
  reason?: string;
}

function ReferForm({ caseId }: { caseId: string }) {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<ReferValues>(`refer-${caseId}`);
  const [failure, setFailure] = useState<string>();
  const [sent, setSent] = useState(false);
  const directory = useOrganisations();
  const partners = partnerDepartments(directory.data ?? []);
  const programme = Form.useWatch('programme', form);
  const send = useMutation({
    mutationFn: async (values: ReferValues) => {
      const found = partners.find((candidate) => candidate.id === values.partnerOrgId);
      if (!found || !values.programme) throw new Error('请选择接收部门和救助项目');
      const partner = partnerRefOf(found);
      const purpose = `衔接移送至${found.name}办理${programmeLabel(values.programme, 'zh')}`;
      // Only the notes this programme's partner receives; a note typed for another programme stays behind.
      const notes = Object.fromEntries(
        programmeNoteFields(values.programme).map((field) => [field, values[field]]),
      );
      const person = await referredPerson(api, caseId, purpose, notes);
      const item = ReferralItemInput.parse({
        caseId,
        programme: values.programme,
        person,
        reason: values.reason,
      });
      return api.referral.sendReferrals.mutate({ partner, items: [item] });
    },
    onSuccess: () => {
      clear();
      setFailure(undefined);
      setSent(true);
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Form<ReferValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={(changed, all) => {
        setSent(false);
        onValuesChange(changed, all);
      }}
      onFinish={(values) => send.mutate(values)}
      style={{ marginTop: 16, maxWidth: 720 }}
      aria-label={l('衔接移送', 'Refer')}
    >
      <h3 style={{ fontSize: 15 }}>{l('转介至协作部门', 'Refer to a partner programme')}</h3>
      <ProgrammeAndPartnerFields />
      <Form.Item
        name="reason"
        label={l('转介理由', 'Reason')}
        rules={[
          { required: true, whitespace: true, message: '请填写转介理由' },
          { max: 1000, message: '转介理由不能超过1000字' },
        ]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      {programmeNoteFields(programme).map((field) => (
        <Form.Item
          key={field}
          name={field}
          label={personNoteFormLabel(field, language)}
          rules={[{ max: 1000, message: personNoteTooLong(field) }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      ))}
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      {sent && (
        <Alert type="success" showIcon message={l('已移送', 'Referral sent')} style={{ marginBottom: 12 }} />
      )}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {l('移送', 'Send referral')}
      </Button>
    </Form>
  );
}

import { Alert, Form, Select } from 'antd';
import { partnerDepartments, selectOptions } from '../directory/organisations.ts';
import { useOrganisations } from '../directory/useOrganisations.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { programmeOptions } from './labels.ts';

/** The fields every referral form starts with: the programme, and the partner department from the SSO directory. */
export function ProgrammeAndPartnerFields() {
  const { l, language } = useI18n();
  const directory = useOrganisations();
  const partners = partnerDepartments(directory.data ?? []);
  return (
    <>
      <Form.Item
        name="programme"
        label={l('救助项目', 'Programme')}
        rules={[{ required: true, message: '请选择救助项目' }]}
      >
        <Select options={programmeOptions(language)} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item
        name="partnerOrgId"
        label={l('接收部门', 'Partner organisation')}
        rules={[{ required: true, message: '请选择接收部门' }]}
      >
        <Select
          loading={directory.isLoading}
          showSearch
          optionFilterProp="label"
          options={selectOptions(partners)}
        />
      </Form.Item>
      {directory.error && (
        <Alert type="error" showIcon message={directory.error.message} style={{ marginBottom: 12 }} />
      )}
    </>
  );
}

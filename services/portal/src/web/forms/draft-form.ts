import { Form } from 'antd';
import { useDraft } from './drafts.ts';

/**
 * An antd form whose values are kept as a draft (in memory) while typed, so a server error, another screen
 * or signing in again loses nothing; `clear` after the service accepted it.
 */
export function useDraftForm<T extends object>(formKey: string, defaults: Partial<T> = {}) {
  const [form] = Form.useForm<T>();
  const draft = useDraft<T>(formKey);
  const initialValues = { ...defaults, ...draft.initial } as T;
  const onValuesChange = (_changed: unknown, all: T) => draft.save(all);
  const clear = () => {
    draft.clear();
    form.resetFields();
  };
  return { form, initialValues, onValuesChange, clear };
}

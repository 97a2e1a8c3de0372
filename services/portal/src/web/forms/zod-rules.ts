import type { FormInstance, FormRule } from 'antd';
import type { z } from 'zod';

export type FieldPath = readonly (string | number)[];

function samePath(a: readonly PropertyKey[], b: FieldPath): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * An antd rule that checks one field with the contract's own zod schema, so the person sees exactly the
 * message the service would give (in Chinese), next to the field, before anything is sent.
 * `toInput` turns the form's values into the schema's input; `schemaPath` is where the field sits in it.
 */
export function zodRule<T extends object>(
  form: FormInstance<T>,
  schema: z.ZodType,
  toInput: (values: T) => unknown,
  schemaPath: FieldPath,
  requiredMessage?: string,
): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (requiredMessage && (value === undefined || value === null || value === '')) {
        throw new Error(requiredMessage);
      }
      const result = schema.safeParse(toInput(form.getFieldsValue(true) as T));
      if (result.success) return;
      const issue = result.error.issues.find((candidate) => samePath(candidate.path, schemaPath));
      if (issue) throw new Error(issue.message);
    },
  };
}

import { useCallback, useMemo } from 'react';

/**
 * What people have typed into forms, by form key, in this page's memory only: forms carry personal data (ID
 * numbers, phones, health), which stays out of web storage. A draft survives moving between screens, a failed
 * submit and signing in again in place; a reload or leaving the portal drops it.
 */
const drafts = new Map<string, unknown>();

export function useDraft<T extends object>(formKey: string) {
  const initial = useMemo(() => drafts.get(formKey) as Partial<T> | undefined, [formKey]);
  const save = useCallback((values: Partial<T>) => void drafts.set(formKey, values), [formKey]);
  const clear = useCallback(() => void drafts.delete(formKey), [formKey]);
  return { initial, save, clear };
}

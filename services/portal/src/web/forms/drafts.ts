import { useCallback, useMemo } from 'react';

const PREFIX = 'jiuzhu.draft.';

/**
 * What a person has typed into a form, kept in sessionStorage (this tab only, gone when it closes) under the
 * form's key, so a server error, a reload or signing in again after the session expired loses nothing.
 */
export function useDraft<T extends object>(formKey: string) {
  const storageKey = `${PREFIX}${formKey}`;
  const initial = useMemo<Partial<T> | undefined>(() => {
    const raw = window.sessionStorage.getItem(storageKey);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Partial<T>;
    } catch {
      return undefined;
    }
  }, [storageKey]);
  const save = useCallback(
    (values: Partial<T>) => window.sessionStorage.setItem(storageKey, JSON.stringify(values)),
    [storageKey],
  );
  const clear = useCallback(() => window.sessionStorage.removeItem(storageKey), [storageKey]);
  return { initial, save, clear };
}

/** On sign-out: the next person in this tab must not see the previous person's drafts. */
export function clearAllDrafts(): void {
  for (const key of Object.keys(window.sessionStorage)) {
    if (key.startsWith(PREFIX)) window.sessionStorage.removeItem(key);
  }
}

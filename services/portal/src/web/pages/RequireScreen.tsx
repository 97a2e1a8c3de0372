import type { ReactNode } from 'react';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { screenAt } from '../navigation.tsx';
import { Forbidden } from './Outcomes.tsx';

/** A screen opens only for the roles that have it in their menu (the services check again on every call). */
export function RequireScreen({ path, children }: { path: string; children: ReactNode }) {
  const { principal } = useAuth();
  const screen = screenAt(path);
  if (!screen || !hasAnyRole(principal, screen.roles)) return <Forbidden />;
  return children;
}

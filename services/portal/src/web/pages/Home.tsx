import { Navigate } from 'react-router';
import { Result } from 'antd';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { screensFor } from '../navigation.tsx';

/** Opens the first screen of the person's menu. */
export function Home() {
  const { principal } = useAuth();
  const { t } = useI18n();
  const first = screensFor(principal.roles)[0];
  if (first) return <Navigate to={first.path} replace />;
  return <Result status="info" title={t('home.noScreens')} />;
}

import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';

export function Forbidden({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={<span role="alert">{message ?? t('forbidden.page')}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('back.home')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={<span role="alert">{message}</span>}
      extra={
        <Link to="/">
          <Button type="primary">{t('back.home')}</Button>
        </Link>
      }
    />
  );
}

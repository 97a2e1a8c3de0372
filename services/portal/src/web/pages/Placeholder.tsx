import { Result } from 'antd';
import type { Screen } from '../navigation.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function Placeholder({ screen }: { screen: Screen }) {
  const { t } = useI18n();
  return (
    <Result
      status="info"
      title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t(screen.label)}</h1>}
      subTitle={t('placeholder.comingWith', { issue: screen.comingWith ?? '' })}
    />
  );
}

import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { referralStatusColour, referralStatusLabel } from './labels.ts';

/** A referral's status, flagged when its answer is overdue; the same wherever referrals are listed. */
export function ReferralStatusTags({ status, overdue }: { status: string; overdue: boolean }) {
  const { l, language } = useI18n();
  return (
    <>
      <Tag color={referralStatusColour(status)}>{referralStatusLabel(status, language)}</Tag>
      {overdue && <Tag color="red">{l('已超期', 'Overdue')}</Tag>}
    </>
  );
}

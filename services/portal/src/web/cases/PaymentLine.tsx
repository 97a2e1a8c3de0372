import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';
import { PAYMENT_STATUSES } from '../payments/payment-labels.ts';

/** The case's payment as finance sees it, for people allowed to read it; nothing when there is none yet. */
export function PaymentLine({ caseId }: { caseId: string }) {
  const api = useApi();
  const { l, language } = useI18n();
  const payment = useQuery({
    queryKey: ['payments', 'getPayment', caseId],
    queryFn: () => api.payments.getPayment.query({ caseId }),
    retry: false,
  });
  if (!payment.data) return null;
  const p = payment.data;
  return (
    <Typography.Paragraph data-testid="payment" style={{ marginTop: 12, marginBottom: 0 }}>
      {p.kind === 'advance' ? l('先行救助金', 'Advance') : l('救助金', 'Payment')} {formatFen(p.amountFen)} ·{' '}
      {PAYMENT_STATUSES[p.status]?.[language === 'zh' ? 0 : 1] ?? p.status}
      {p.payeeName ? ` · ${l('收款人', 'payee')} ${p.payeeName} ${p.bankAccountMasked ?? ''}` : ''}
      {p.paidAt ? ` · ${l('发放时间', 'paid')} ${formatDateTime(p.paidAt)}` : ''}
      {p.overdue ? ` · ${l('已超期', 'overdue')}` : ''}
    </Typography.Paragraph>
  );
}

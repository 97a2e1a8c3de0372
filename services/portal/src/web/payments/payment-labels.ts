/** Payment statuses for people, zh-CN and English. */
export const PAYMENT_STATUSES: Record<string, [string, string]> = {
  awaiting_payee: ['待填写收款人', 'Awaiting payee'],
  awaiting_funds: ['待资金', 'Awaiting funds'],
  reserved: ['已预留资金', 'Reserved'],
  sent: ['已发送银行', 'Sent to bank'],
  retry: ['待重试', 'Retrying'],
  needs_attention: ['需处理', 'Needs attention'],
  paid: ['已发放', 'Paid'],
  cancelled: ['已取消', 'Cancelled'],
};

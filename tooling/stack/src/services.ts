/** The six services of the platform, in the order a case travels through them. */
export const SERVICES = [
  { name: 'intake', port: 4101 },
  { name: 'investigation', port: 4102 },
  { name: 'approval', port: 4103 },
  { name: 'payments', port: 4104 },
  { name: 'referral', port: 4105 },
  { name: 'followup', port: 4106 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

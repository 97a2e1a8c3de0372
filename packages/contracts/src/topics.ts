/**
 * WIRE CONTRACT — the one registry of topic names. Producers and consumers in every service, the Kafka
 * topic definitions in infra/ and the event catalogue all read this map. Never rename or reuse a name:
 * add a new one (with a new version suffix) and migrate consumers.
 *
 * One topic per bounded context; every message is keyed by case, so a case's events keep their order.
 */
export const TOPICS = {
  intake: 'jiuzhu.intake.events.v1',
  investigation: 'jiuzhu.investigation.events.v1',
  approval: 'jiuzhu.approval.events.v1',
  payments: 'jiuzhu.payments.events.v1',
  referral: 'jiuzhu.referral.events.v1',
  followup: 'jiuzhu.followup.events.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

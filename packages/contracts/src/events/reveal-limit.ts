import { z } from 'zod';

/**
 * A person reached the limit of audited reveals of personal data per minute and was refused: an audit alert
 * for their agency, raised at most once per person and minute by whichever service refused them.
 */
export const RevealLimitExceeded = z.object({
  userId: z.string(),
  orgId: z.string(),
  /** The reveal that was refused, e.g. revealPerson. */
  procedure: z.string(),
  /** Audited reveals in the minute before the refusal. */
  reveals: z.number().int(),
  limitPerMinute: z.number().int(),
  /** Start of the minute the alert stands for. */
  windowStart: z.iso.datetime({ offset: true }),
});
export type RevealLimitExceeded = z.infer<typeof RevealLimitExceeded>;

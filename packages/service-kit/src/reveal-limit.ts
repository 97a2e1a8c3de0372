import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { escapeIdentifier } from 'pg';
import type { SqlExecutor } from '@jiuzhu/bus';
import type { EventDefinition, Principal, RevealLimitExceeded } from '@jiuzhu/contracts';
import type { Database, ServiceContext } from './service.ts';

const MINUTE_MS = 60_000;

export interface RevealAudit<Tx> {
  /** The service's event for the alert, on its own topic. */
  alert: EventDefinition<RevealLimitExceeded>;
  /** Audited reveals this person made since `since`, from the service's audit of unmasked reads. */
  countSince(tx: Tx, userId: string, since: Date): Promise<number>;
}

/** Which reveal is being made (for the alert), and the key its event is ordered by (the lead, case…). */
export interface RevealCall {
  procedure: string;
  caseKey: string;
}

/**
 * The per-person limit on audited reveals of personal data (REVEALS_PER_MINUTE), counted from the audit rows
 * themselves so it holds however many instances a service runs. A reveal beyond it is refused (429) and
 * raises an audit alert for the person's agency: a log line, a `reveal_alert` row (at most one per person and
 * minute) and the service's `*.reveal-limit-exceeded` event, written together.
 */
export function revealLimit<Db extends Database<Tx>, Tx extends SqlExecutor>(
  { db, config, logger, publish }: ServiceContext<Db, Tx>,
  audit: RevealAudit<Tx>,
) {
  const limit = config.REVEALS_PER_MINUTE;
  const alerts = `${escapeIdentifier(config.DB_SCHEMA)}.reveal_alert`;

  /** Records the alert once per person and minute; true when this call recorded it. */
  async function raiseAlert(tx: Tx, principal: Principal, call: RevealCall, reveals: number, now: number) {
    const windowStart = new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS);
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO ${alerts} (id, user_id, org_id, procedure, window_start, reveals, limit_per_minute)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, window_start) DO NOTHING`,
      randomUUID(),
      principal.userId,
      principal.org.id,
      call.procedure,
      windowStart,
      reveals,
      limit,
    );
    if (inserted === 0) return false;
    await publish(tx, audit.alert, {
      caseKey: call.caseKey,
      actor: { userId: principal.userId, orgId: principal.org.id },
      payload: {
        userId: principal.userId,
        orgId: principal.org.id,
        procedure: call.procedure,
        reveals,
        limitPerMinute: limit,
        windowStart: windowStart.toISOString(),
      },
    });
    return true;
  }

  return {
    /**
     * Runs `reveal` (which writes its audit row) in one transaction with the count, one reveal of a person
     * at a time, so concurrent calls cannot pass the limit together.
     */
    async run<T>(principal: Principal, call: RevealCall, reveal: (tx: Tx) => Promise<T>): Promise<T> {
      const outcome = await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          `reveal:${principal.userId}`,
        );
        const now = Date.now();
        const reveals = await audit.countSince(tx, principal.userId, new Date(now - MINUTE_MS));
        if (reveals < limit) return { refused: false as const, value: await reveal(tx) };
        return {
          refused: true as const,
          reveals,
          raised: await raiseAlert(tx, principal, call, reveals, now),
        };
      });
      if (!outcome.refused) return outcome.value;

      const alert = {
        alert: 'reveal_limit_exceeded',
        userId: principal.userId,
        orgId: principal.org.id,
        procedure: call.procedure,
        reveals: outcome.reveals,
        limitPerMinute: limit,
      };
      if (outcome.raised)
        logger.error(alert, 'audit alert: personal data revealed beyond the per-minute limit');
      else logger.warn(alert, 'reveal refused: per-minute limit reached');
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `一分钟内查看完整个人信息已达${limit}次，请稍后再试。此情况已记录并提示本机构。`,
      });
    },
  };
}

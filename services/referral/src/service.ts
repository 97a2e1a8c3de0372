import { z } from 'zod';
import { disbursementRecorded, referralCreated, referralRouter } from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, loadConfig, requireAllowed } from '@jiuzhu/service-kit';
import { openDatabase, type Db, type Tx } from './database.ts';

const Settings = z.object({
  /** The civil-affairs bureau that receives minimum-living-guarantee referrals in the thin slice. */
  REFERRAL_CIVIL_AFFAIRS_ORG_ID: z.string().min(1).default('civil-affairs-440983'),
});

/**
 * Referral (衔接). Thin slice: once assistance is paid, the person is referred to civil affairs for the
 * minimum living guarantee (低保). Issue #5 replaces this with partner inboxes, batches and outcomes.
 */
export const referralService = defineService<Db, Tx>({
  name: 'referral',
  defaultPort: 4105,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: ({ db }) =>
    referralRouter({
      async listReferrals({ principal }, { caseId }) {
        const rows = await db.referral.findMany({ where: { caseId }, orderBy: { sentAt: 'asc' } });
        for (const row of rows) requireAllowed(principal, 'case.read', { handlingOrgId: row.handlingOrgId });
        return rows.map((row) => ({
          referralId: row.id,
          caseId: row.caseId,
          handlingOrgId: row.handlingOrgId,
          partnerOrgId: row.partnerOrgId,
          programme: row.programme,
          status: 'sent' as const,
          sentAt: row.sentAt.toISOString(),
        }));
      },
    }),
  handlers: ({ publish, env }) => {
    const partnerOrgId = loadConfig('referral', Settings, env).REFERRAL_CIVIL_AFFAIRS_ORG_ID;
    return [
      on(disbursementRecorded, async (event, tx) => {
        const { caseId, handlingOrgId } = event.payload;
        const referral = await tx.referral.create({
          data: {
            id: crypto.randomUUID(),
            caseId,
            handlingOrgId,
            partnerOrgId,
            programme: 'dibao',
            status: 'sent',
          },
        });
        await publish(tx, referralCreated, {
          caseKey: caseId,
          actor: { userId: 'system:referral', orgId: handlingOrgId },
          payload: {
            caseId,
            handlingOrgId,
            referralId: referral.id,
            partnerOrgId,
            programme: referral.programme,
          },
        });
      }),
    ];
  },
});

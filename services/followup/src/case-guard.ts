import { caseOpened } from '@jiuzhu/contracts';
import type { Handler } from '@jiuzhu/bus';
import type { CaseAccess, Logger } from '@jiuzhu/service-kit';
import type { Tx } from './database.ts';

/**
 * Every service's events about a case go into its timeline and ledger only if they name the case's own handling
 * agency (as its opening recorded it): an event claiming another agency's case is dropped, whatever sent it.
 * Events about a case whose opening has not arrived yet are taken as they come.
 */
export function onlyTheHandlingAgency(
  handlers: Handler<Tx>[],
  cases: CaseAccess,
  logger: Logger,
): Handler<Tx>[] {
  return handlers.map((handler) =>
    handler.def.type === caseOpened.type
      ? handler
      : {
          def: handler.def,
          handle: async (event, tx) => {
            const { caseId, handlingOrgId } = event.payload as { caseId: string; handlingOrgId: string };
            const opened = await cases.find(caseId, tx);
            if (opened && opened.handlingOrgId !== handlingOrgId) {
              logger.warn(
                { eventId: event.id, type: event.type, caseId, claimed: handlingOrgId },
                'event names another agency than the case’s: not recorded',
              );
              return;
            }
            await handler.handle(event, tx);
          },
        },
  );
}

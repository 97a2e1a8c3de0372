import type { ServiceContext } from '@jiuzhu/service-kit';
import type { Db, Tx } from './database.ts';

/** What the service's procedures, handlers and jobs are given by the kit. */
export type ApprovalContext = ServiceContext<Db, Tx>;

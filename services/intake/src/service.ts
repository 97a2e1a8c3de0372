import { intakeRouter } from '@jiuzhu/contracts';
import { defineService } from '@jiuzhu/service-kit';
import { createIntakeApi } from './api.ts';
import { openDatabase, type Db, type Tx } from './database.ts';

/** Intake (发掘案源): leads arrive, are accepted and open cases. */
export const intakeService = defineService<Db, Tx>({
  name: 'intake',
  defaultPort: 4101,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: (ctx) => intakeRouter(createIntakeApi(ctx)),
});

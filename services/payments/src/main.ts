import { runService } from '@jiuzhu/service-kit';
import { paymentsService } from './service.ts';

await runService(paymentsService);

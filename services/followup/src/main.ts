import { runService } from '@jiuzhu/service-kit';
import { followupService } from './service.ts';

await runService(followupService);

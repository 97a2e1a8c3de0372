import { runService } from '@jiuzhu/service-kit';
import { referralService } from './service.ts';

await runService(referralService);

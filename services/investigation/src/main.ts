import { runService } from '@jiuzhu/service-kit';
import { investigationService } from './service.ts';

await runService(investigationService);

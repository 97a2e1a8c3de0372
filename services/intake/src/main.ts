import { runService } from '@jiuzhu/service-kit';
import { intakeService } from './service.ts';

await runService(intakeService);

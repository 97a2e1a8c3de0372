import { runService } from '@jiuzhu/service-kit';
import { approvalService } from './service.ts';

await runService(approvalService);

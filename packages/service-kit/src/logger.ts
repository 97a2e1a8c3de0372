import { createLogger } from '@jiuzhu/telemetry';

export type Logger = ReturnType<typeof createLogger>;
export { createLogger };

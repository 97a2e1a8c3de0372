export { createLogger, REDACTED } from './logger.ts';
export type { CreateLoggerOptions, Logger } from './logger.ts';
export {
  isPersonalDataKey,
  maskBankAccount,
  maskIdNumber,
  maskPersonalDataInText,
  maskPhone,
  personalDataKeys,
} from './personal-data.ts';
export type { PersonalDataKey } from './personal-data.ts';
export { PersonalDataSpanProcessor, scrubAttributes } from './span-guard.ts';
export { isTelemetryStarted, shutdownTelemetry } from './sdk-state.ts';
export {
  activeTraceId,
  contextFromTraceContext,
  currentTraceContext,
  withTraceContext,
} from './trace-context.ts';
export type { TraceContextCarrier } from './trace-context.ts';

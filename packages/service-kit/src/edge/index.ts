// What any Express server of the platform answers failures with (the portal server uses it too): the
// request's trace id, and errors in tRPC's shape with a Chinese message.
export { apiErrorHandler, notFound, sendApiError } from './api-error.ts';
export { answerClientErrors } from './client-error.ts';
export { assignTraceId, traceIdOf } from './trace-id.ts';

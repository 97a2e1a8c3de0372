/** Header names the bus writes. Trace headers use the W3C names so brokers' own tooling understands them. */
export const HEADERS = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  eventId: 'jiuzhu-event-id',
  eventType: 'jiuzhu-event-type',
  eventVersion: 'jiuzhu-event-version',
  /** On dead-lettered messages: why the message was dead-lettered. */
  error: 'jiuzhu-error',
  /** On dead-lettered messages: `malformed` or `handler-failed`. */
  errorKind: 'jiuzhu-error-kind',
  originalTopic: 'jiuzhu-original-topic',
  originalPartition: 'jiuzhu-original-partition',
  originalOffset: 'jiuzhu-original-offset',
  consumerGroup: 'jiuzhu-consumer-group',
  attempts: 'jiuzhu-attempts',
} as const;

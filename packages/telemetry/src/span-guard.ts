import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { isPersonalDataKey, maskPersonalDataInText } from './personal-data.ts';

type MutableAttributes = Record<string, AttributeValue | undefined>;

const URL_LIKE_KEY = /url|uri|target|href/i;
/** Query strings carry tRPC GET inputs (`?input=…`) and search terms; they never go into telemetry. */
const DROPPED_KEYS = new Set(['url.query', 'http.query']);

function stripQuery(value: string): string {
  const cut = value.search(/[?#]/);
  return cut === -1 ? value : value.slice(0, cut);
}

function cleanValue(key: string, value: AttributeValue): AttributeValue {
  if (typeof value === 'string')
    return maskPersonalDataInText(URL_LIKE_KEY.test(key) ? stripQuery(value) : value);
  if (typeof value === 'number') {
    const text = String(value);
    const masked = maskPersonalDataInText(text);
    return masked === text ? value : masked;
  }
  if (Array.isArray(value)) {
    return value.map((item) =>
      item === null || item === undefined ? item : cleanValue(key, item),
    ) as AttributeValue;
  }
  return value;
}

/** Removes personal-data keys and query strings and masks ID, card and mobile numbers, in place. */
export function scrubAttributes(attributes: Attributes | undefined): void {
  if (!attributes) return;
  const target = attributes as MutableAttributes;
  for (const key of Object.keys(target)) {
    const value = target[key];
    if (DROPPED_KEYS.has(key) || isPersonalDataKey(key)) {
      delete target[key];
    } else if (value !== undefined) {
      target[key] = cleanValue(key, value);
    }
  }
}

/**
 * Runs as the span ends, before any exporting processor sees it, so personal data never leaves the process
 * whatever an instrumentation recorded.
 */
export class PersonalDataSpanProcessor implements SpanProcessor {
  onStart(): void {}

  onEnding(span: Span): void {
    const name = maskPersonalDataInText(stripQuery(span.name));
    if (name !== span.name) span.updateName(name);
    scrubAttributes(span.attributes);
    for (const event of span.events) scrubAttributes(event.attributes);
    for (const link of span.links) scrubAttributes(link.attributes);
    const status = span.status as { message?: string };
    if (status.message) status.message = maskPersonalDataInText(status.message);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

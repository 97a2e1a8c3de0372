import { TOPICS } from '@jiuzhu/contracts';

/** Where a consumer puts messages it cannot handle: malformed ones at once, failing ones after retries. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic the platform uses: each context's event topic from the registry and its dead-letter topic. */
export function platformTopics(): string[] {
  return Object.values(TOPICS).flatMap((topic) => [topic, deadLetterTopic(topic)]);
}

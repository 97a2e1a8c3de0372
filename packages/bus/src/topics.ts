/** Where a consumer puts messages it cannot handle: malformed ones at once, failing ones after retries. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

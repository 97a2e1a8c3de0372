import { z } from 'zod';
import { EVENTS } from './events.ts';
import { TOPICS } from './topics.ts';

/** The event catalogue (docs/events.md), generated from the contracts so it cannot drift from them. */
export function renderEventCatalogue(): string {
  const out = [
    '# Event catalogue',
    '',
    '<!-- Generated from packages/contracts by `pnpm --filter @jiuzhu/contracts catalogue`. Do not edit. -->',
    '',
    'Every event travels in the envelope `EventEnvelope` (id, type, version, occurredAt, caseKey, actor,',
    'trace, payload) keyed by `caseKey`, so the events of one case keep their order. A message that fails',
    'validation goes to `<topic>.dlq`.',
    '',
    '## Topics',
    '',
    '| Context | Topic | Dead letters |',
    '|---|---|---|',
    ...Object.entries(TOPICS).map(([context, topic]) => `| ${context} | \`${topic}\` | \`${topic}.dlq\` |`),
    '',
    '## Events',
    '',
    '| Type | Version | Topic | Payload fields |',
    '|---|---|---|---|',
    ...EVENTS.map((e) => {
      const schema = z.toJSONSchema(e.payload) as { properties?: Record<string, unknown> };
      return `| \`${e.type}\` | ${e.version} | \`${e.topic}\` | ${Object.keys(schema.properties ?? {}).join(', ')} |`;
    }),
    '',
    '## Payload schemas',
    '',
  ];
  for (const e of EVENTS) {
    out.push(
      `### ${e.type} v${e.version}`,
      '',
      '```json',
      JSON.stringify(z.toJSONSchema(e.payload), null, 2),
      '```',
      '',
    );
  }
  return out.join('\n');
}

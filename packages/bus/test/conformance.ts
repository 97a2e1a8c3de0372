import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeliveredMessage,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  Transport,
} from '../src/index.ts';
import { waitUntil } from './helpers.ts';

/**
 * The behaviour every transport must show. Run it against each transport:
 * `describeTransportConformance('kafka', () => createKafkaTransport({...}))`.
 */
export function describeTransportConformance(
  name: string,
  makeTransport: () => Transport | Promise<Transport>,
): void {
  // A real broker needs a few seconds per consumer-group join; the embedded one finishes far sooner.
  describe(`transport conformance: ${name}`, { timeout: 45_000 }, () => {
    const run = randomBytes(4).toString('hex');
    const topicName = (label: string) => `conformance.${run}.${label}`;
    const groupName = (label: string) => `conformance-${run}-${label}`;
    let transport: Transport;
    const open: Subscription[] = [];

    beforeAll(async () => {
      transport = await makeTransport();
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((subscription) => subscription.stop()));
    });
    afterAll(async () => {
      await transport?.close();
    });

    async function subscribe(options: SubscribeOptions): Promise<Subscription> {
      const subscription = await transport.subscribe(options);
      open.push(subscription);
      return subscription;
    }

    async function newTopic(label: string): Promise<string> {
      const topic = topicName(label);
      await transport.ensureTopics([topic]);
      return topic;
    }

    const message = (key: string, value: string, headers: Record<string, string> = {}): OutgoingMessage => ({
      key,
      value,
      headers,
    });

    it('delivers a published message with its key, value and headers', async () => {
      const topic = await newTopic('round-trip');
      const received: DeliveredMessage[] = [];
      await subscribe({
        groupId: groupName('round-trip'),
        topics: [topic],
        onMessage: async (m) => void received.push(m),
      });

      const headers = {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'jiuzhu-event-type': 'case.opened',
      };
      await transport.publish(topic, [message('case-1', '{"hello":"案件"}', headers)]);
      await transport.publish(topic, [message('case-1', 'second')]);
      await waitUntil(() => received.length >= 2, 'both messages');

      expect(received).toHaveLength(2);
      expect(received[0]).toMatchObject({ topic, key: 'case-1', value: '{"hello":"案件"}', headers });
      expect(received[1]).toMatchObject({ topic, key: 'case-1', value: 'second' });
      expect(received[0]?.partition).toBe(received[1]?.partition);
      expect(BigInt(received[1]?.offset ?? -1)).toBeGreaterThan(BigInt(received[0]?.offset ?? -1));
    });

    it('reads everything a topic holds for an operator, moving no group, and nothing of a missing topic', async () => {
      const topic = await newTopic('read');
      const keys = ['case-r1', 'case-r2', 'case-r3'];
      await transport.publish(
        topic,
        keys.flatMap((key) =>
          [0, 1].map((n) => message(key, `${key}:${n}`, { 'jiuzhu-event-id': `${key}-${n}` })),
        ),
      );

      const read = await transport.read(topic);
      expect(read.map((m) => m.value).sort()).toEqual(keys.flatMap((key) => [`${key}:0`, `${key}:1`]).sort());
      for (const key of keys)
        expect(read.filter((m) => m.key === key).map((m) => m.value)).toEqual([`${key}:0`, `${key}:1`]);
      expect(read[0]?.headers['jiuzhu-event-id']).toMatch(/^case-r\d-\d$/);
      expect(await transport.read(topicName('never-created'))).toEqual([]);

      // A group that starts afterwards still receives every message from the beginning.
      const received: string[] = [];
      await subscribe({
        groupId: groupName('after-read'),
        topics: [topic],
        onMessage: async (m) => void received.push(m.value),
      });
      await waitUntil(() => received.length >= 6, 'every message for the group');
    });

    it('keeps the order of each key while many keys are published concurrently', async () => {
      const topic = await newTopic('order');
      const received: DeliveredMessage[] = [];
      await subscribe({
        groupId: groupName('order'),
        topics: [topic],
        onMessage: async (m) => void received.push(m),
      });

      const keys = Array.from({ length: 12 }, (_, i) => `case-${i}`);
      const perKey = 20;
      await Promise.all(
        keys.map(async (key) => {
          for (let i = 0; i < perKey; i += 2) {
            // Batches of two and single publishes, all racing with the other keys' publishers.
            if (i % 4 === 0)
              await transport.publish(topic, [message(key, String(i)), message(key, String(i + 1))]);
            else {
              await transport.publish(topic, [message(key, String(i))]);
              await transport.publish(topic, [message(key, String(i + 1))]);
            }
          }
        }),
      );
      await waitUntil(() => received.length >= keys.length * perKey, 'every message');

      expect(received).toHaveLength(keys.length * perKey);
      for (const key of keys) {
        const values = received.filter((m) => m.key === key).map((m) => Number(m.value));
        expect(values).toEqual(Array.from({ length: perKey }, (_, i) => i));
      }
    });

    it('gives every consumer group every message', async () => {
      const topic = await newTopic('fan-out');
      const first: string[] = [];
      const second: string[] = [];
      await subscribe({
        groupId: groupName('fan-out-a'),
        topics: [topic],
        onMessage: async (m) => void first.push(m.value),
      });
      await subscribe({
        groupId: groupName('fan-out-b'),
        topics: [topic],
        onMessage: async (m) => void second.push(m.value),
      });

      const values = Array.from({ length: 10 }, (_, i) => `event-${i}`);
      await transport.publish(
        topic,
        values.map((value, i) => message(`case-${i % 3}`, value)),
      );
      await waitUntil(
        () => first.length >= values.length && second.length >= values.length,
        'both groups to receive everything',
      );

      expect([...first].sort()).toEqual([...values].sort());
      expect([...second].sort()).toEqual([...values].sort());
    });

    it('shares a group’s messages between its members, each message to one member', async () => {
      const topic = await newTopic('share');
      const groupId = groupName('share');
      const first: string[] = [];
      const second: string[] = [];
      await subscribe({ groupId, topics: [topic], onMessage: async (m) => void first.push(m.value) });
      await subscribe({ groupId, topics: [topic], onMessage: async (m) => void second.push(m.value) });

      // Keep publishing across many keys until the group has settled and both members have work.
      const published: string[] = [];
      const deadline = Date.now() + 20_000;
      while ((first.length === 0 || second.length === 0 || published.length < 64) && Date.now() < deadline) {
        const round = Array.from({ length: 16 }, (_, i) => `m-${published.length + i}`);
        await transport.publish(
          topic,
          round.map((value) => message(`case-${value}`, value)),
        );
        published.push(...round);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await waitUntil(() => first.length + second.length >= published.length, 'every message');

      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
      const all = [...first, ...second];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual([...published].sort());
    });

    it('resumes after the last committed message when a member stops mid-stream and the group restarts', async () => {
      const topic = await newTopic('resume');
      const groupId = groupName('resume');
      const keys = ['case-a', 'case-b', 'case-c', 'case-d'];
      const batch = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, i) => from + i).flatMap((n) =>
          keys.map((key) => message(key, `${key}:${n}`)),
        );
      await transport.publish(topic, batch(0, 10));

      // The first member handles a few messages, then its handlers are held until the stop has begun.
      const first: string[] = [];
      let releaseHeld!: () => void;
      const held = new Promise<void>((resolve) => (releaseHeld = resolve));
      let waiting = 0;
      const member = await subscribe({
        groupId,
        topics: [topic],
        onMessage: async (m) => {
          if (first.length >= 6) {
            waiting++;
            await held;
          }
          first.push(m.value);
        },
      });
      await waitUntil(() => first.length >= 6 && waiting > 0, 'the first member to be mid-stream');
      const stopping = member.stop();
      releaseHeld();
      await stopping;
      const handledBeforeStop = first.length;

      await transport.publish(topic, batch(10, 12));
      const second: string[] = [];
      await subscribe({ groupId, topics: [topic], onMessage: async (m) => void second.push(m.value) });
      const total = keys.length * 12;
      await waitUntil(() => first.length + second.length >= total, 'the rest of the stream');

      expect(first.length).toBe(handledBeforeStop);
      expect(handledBeforeStop).toBeLessThan(keys.length * 10);
      const all = [...first, ...second];
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      for (const key of keys) {
        const sequence = all
          .filter((value) => value.startsWith(`${key}:`))
          .map((value) => Number(value.split(':')[1]));
        expect(sequence).toEqual(Array.from({ length: 12 }, (_, i) => i));
      }
    });

    it('delivers a message again while its handler fails, holding back later messages of the key', async () => {
      const topic = await newTopic('redeliver');
      const deliveries: string[] = [];
      let failuresLeft = 2;
      await subscribe({
        groupId: groupName('redeliver'),
        topics: [topic],
        onMessage: async (m) => {
          deliveries.push(m.value);
          if (m.value === 'm1' && failuresLeft-- > 0) throw new Error('downstream not ready');
        },
      });

      await transport.publish(
        topic,
        ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => message('case-x', value)),
      );
      await waitUntil(() => deliveries.includes('m4'), 'the last message');

      expect(deliveries).toEqual(['m0', 'm1', 'm1', 'm1', 'm2', 'm3', 'm4']);
    });
  });
}

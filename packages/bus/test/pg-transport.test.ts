import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgTransport, partitionForKey, type Transport } from '../src/index.ts';
import { describeTransportConformance } from './conformance.ts';
import { DATABASE_URL, recordingLogger, uniqueName, waitUntil } from './helpers.ts';

const schema = uniqueName('jz_bus_pg');
const transports: Transport[] = [];
const embedded = (options: Partial<Parameters<typeof createPgTransport>[0]> = {}) => {
  const transport = createPgTransport({
    connectionString: DATABASE_URL,
    schema,
    pollIntervalMs: 200,
    leaseMs: 2_000,
    logger: recordingLogger(),
    ...options,
  });
  transports.push(transport);
  return transport;
};

afterAll(async () => {
  await Promise.all(transports.map((transport) => transport.close()));
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

describeTransportConformance('embedded PostgreSQL', () => embedded());

describe('embedded PostgreSQL transport', () => {
  it('creates its storage safely when several instances start at once', async () => {
    const starting = Array.from({ length: 4 }, () => embedded({ schema: `${schema}_boot` }));
    try {
      await Promise.all(starting.map((transport) => transport.ensureTopics(['boot.topic'])));
      const received: string[] = [];
      await starting[0]!.subscribe({
        groupId: 'boot',
        topics: ['boot.topic'],
        onMessage: async (m) => void received.push(m.value),
      });
      await starting[1]!.publish('boot.topic', [{ key: 'k', value: 'v', headers: {} }]);
      await waitUntil(() => received.length === 1, 'the message');
    } finally {
      await Promise.all(starting.map((transport) => transport.close()));
      const pool = new pg.Pool({ connectionString: DATABASE_URL });
      await pool.query(`DROP SCHEMA IF EXISTS ${schema}_boot CASCADE`);
      await pool.end();
    }
  });

  it('puts every message of a key in the same partition', () => {
    const partitions = new Set(Array.from({ length: 20 }, () => partitionForKey('case-42', 8)));
    expect(partitions.size).toBe(1);
    const spread = new Set(Array.from({ length: 200 }, (_, i) => partitionForKey(`case-${i}`, 8)));
    expect(spread.size).toBe(8);
  });

  it('hands a killed member’s partitions to the rest of the group, redelivering only what it had not committed', async () => {
    const transport = embedded();
    const topic = uniqueName('killed.topic');
    const groupId = uniqueName('killed');
    await transport.ensureTopics([topic]);
    const before = ['m0', 'm1', 'm2', 'hang'];
    const after = ['m3', 'm4', 'm5'];
    await transport.publish(
      topic,
      [...before, ...after].map((value) => ({ key: 'case-k', value, headers: {} })),
    );

    const fixture = fileURLToPath(new URL('./fixtures/group-member.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=jiuzhu-source', fixture, DATABASE_URL, schema, groupId, topic],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const childSaw: string[] = [];
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => childSaw.push(...chunk.split('\n').filter(Boolean)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitUntil(() => childSaw.includes('hang'), 'the other process to get stuck', 30_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    const received: string[] = [];
    await transport.subscribe({
      groupId,
      topics: [topic],
      onMessage: async (m) => void received.push(m.value),
    });
    await waitUntil(() => received.includes('m5'), 'the survivor to take over');

    expect(childSaw.filter((line) => line !== 'ready')).toEqual(before);
    expect(received).toEqual(['hang', ...after]);
  });
});

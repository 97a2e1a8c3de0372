import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaTransport, platformTopics, type Logger } from '@jiuzhu/bus';
import { freePorts, spawnEngine, waitUntilReady } from './process.ts';
import type { EngineInstall } from './provision.ts';

export interface RunningKafka {
  /** `host:port`, the value for KAFKA_BROKERS. */
  brokers: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface KafkaOptions {
  /** Partitions of each registry topic (and its dead-letter topic); more than one, as in production. */
  partitions?: number;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Kafka's own cluster-id form: a random UUID in URL-safe base64 without padding. */
function clusterId(): string {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
}

/**
 * A single-node KRaft broker (broker and controller in one process) on free ports, with a throw-away data
 * directory: storage formatted, the platform's topics created from the registry, ready when they exist.
 */
export async function startKafka(install: EngineInstall, options: KafkaOptions = {}): Promise<RunningKafka> {
  const [brokerPort, controllerPort] = (await freePorts(2)) as [number, number];
  const home = mkdtempSync(join(tmpdir(), 'jiuzhu-kafka-'));
  const config = join(home, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(home, 'data')}`,
      // One node: every internal topic has one replica.
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=4',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'default.replication.factor=1',
      'group.initial.rebalance.delay.ms=0',
      // Topics come from the registry, as in production; a typo must not create one.
      'auto.create.topics.enable=false',
    ].join('\n'),
  );
  const classpath = join(install.kafkaLibs, '*');
  const format = spawnSync(
    'java',
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', config],
    { encoding: 'utf8' },
  );
  if (format.status !== 0)
    throw new Error(`Kafka storage could not be formatted: ${format.stderr.trim().split('\n').pop()}`);

  const logFile = join(home, 'kafka.log');
  const broker = spawnEngine(
    'Kafka',
    'java',
    [
      '-Xms256m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp',
      classpath,
      'kafka.Kafka',
      config,
    ],
    { logFile },
  );
  const brokers = `127.0.0.1:${brokerPort}`;
  const stop = async () => {
    await broker.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const partitions = options.partitions ?? 4;
    await waitUntilReady(
      broker,
      async () => {
        if (!(await listening(brokerPort))) return false;
        const transport = createKafkaTransport({
          brokers: [brokers],
          clientId: `jiuzhu-engines-${randomBytes(3).toString('hex')}`,
          topicPartitions: partitions,
          replicationFactor: 1,
          logger: quiet,
        });
        try {
          await transport.ensureTopics(platformTopics());
          return true;
        } finally {
          await transport.close();
        }
      },
      90_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { brokers, logFile, stop };
}

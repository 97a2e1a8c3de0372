import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import {
  createTransportFromEnv,
  listDeadLetters,
  openReplayLog,
  replayDeadLetters,
  type DeadLetter,
} from '@jiuzhu/bus';
import { platformEnv } from './runtime-file.ts';

/**
 * `./jiuzhu dlq list` and `./jiuzhu dlq replay <id | event id | --topic T>`: the dead letters of the platform,
 * on Kafka (KAFKA_BROKERS) or the embedded bus (DATABASE_URL), as the running platform was started. A
 * replay puts the message back on its topic; consumers that had handled it change nothing (their inbox).
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { topic: { type: 'string' }, json: { type: 'boolean' } },
});
const [command, id] = positionals;
const usage =
  'usage: ./jiuzhu dlq list [--json] | ./jiuzhu dlq replay <id | event id> | ./jiuzhu dlq replay --topic <topic>';
if (command !== 'list' && command !== 'replay') {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
if (command === 'replay' && !id === !values.topic) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

const env = platformEnv();
const transport = createTransportFromEnv({ ...env, BUS_POOL_MAX: '2' });
const replays = openReplayLog(env['DATABASE_URL']!);

const describe = (letter: DeadLetter) =>
  [
    letter.id,
    letter.replayedAt ? `replayed ${letter.replayedAt.toISOString()}` : 'waiting',
    letter.eventType ?? '(malformed)',
    `event ${letter.eventId ?? '-'}`,
    `case ${letter.caseKey}`,
    `group ${letter.consumerGroup ?? '-'}`,
    `${letter.kind ?? '-'} after ${letter.attempts ?? 0} attempt(s): ${letter.error ?? ''}`,
  ].join('  ');

try {
  if (command === 'list') {
    const letters = await listDeadLetters(transport, replays);
    if (values.json)
      process.stdout.write(
        `${JSON.stringify(
          letters.map(({ message: _message, ...letter }) => letter),
          null,
          2,
        )}\n`,
      );
    else if (letters.length === 0) process.stdout.write('No dead letters. / 没有死信。\n');
    else for (const letter of letters) process.stdout.write(`${describe(letter)}\n`);
  } else {
    const replayed = await replayDeadLetters(
      transport,
      replays,
      values.topic ? { topic: values.topic } : { id: id! },
      userInfo().username,
    );
    if (replayed.length === 0) {
      process.stdout.write('Nothing to replay. / 没有需要重放的死信。\n');
      process.exitCode = 1;
    }
    for (const letter of replayed) process.stdout.write(`replayed ${describe(letter)}\n`);
  }
} finally {
  await replays.close();
  await transport.close();
}

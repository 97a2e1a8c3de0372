import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttachmentNotFoundError,
  filesystemAttachmentStore,
  type AttachmentStore,
} from '../src/attachment-store.ts';
import { attachmentStoreFromEnv } from '../src/attachment-store-config.ts';
import { s3AttachmentStore } from '../src/s3-attachment-store.ts';
import { startLocalS3 } from './local-s3.ts';

type Fixture = { store: AttachmentStore; stop(): Promise<void> };

const implementations: Record<string, () => Promise<Fixture>> = {
  filesystem: async () => {
    const directory = await mkdtemp(join(tmpdir(), 'jiuzhu-attachments-'));
    return {
      store: filesystemAttachmentStore(directory),
      stop: () => rm(directory, { recursive: true, force: true }),
    };
  },
  s3: async () => {
    const s3 = await startLocalS3();
    return { store: s3AttachmentStore(s3.options), stop: s3.stop };
  },
};

describe.each(Object.entries(implementations))('%s attachment store', (_name, start) => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await start();
  });
  afterAll(() => fixture.stop());

  const keyOf = () => `${crypto.randomUUID()}/${crypto.randomUUID()}`;

  it('gives back exactly the bytes it was given, with their content type', async () => {
    // Every byte value, so any text decoding or newline translation on the way would show.
    const scan = Buffer.from(Array.from({ length: 2048 }, (_, index) => index % 256));
    const key = keyOf();
    await fixture.store.put(key, scan, 'image/png');
    const back = await fixture.store.get(key);
    expect(back.content.equals(scan)).toBe(true);
    expect(back.contentType).toBe('image/png');
  });

  it('keeps objects under different keys apart', async () => {
    const [first, second] = [keyOf(), keyOf()];
    await fixture.store.put(first, Buffer.from('%PDF-1.4 first'), 'application/pdf');
    await fixture.store.put(second, Buffer.from([0xff, 0xd8, 0xff, 0x01]), 'image/jpeg');
    expect((await fixture.store.get(first)).content.toString()).toBe('%PDF-1.4 first');
    expect((await fixture.store.get(second)).contentType).toBe('image/jpeg');
  });

  it('says which key is missing when nothing is stored under it', async () => {
    const key = keyOf();
    const failure = await fixture.store.get(key).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AttachmentNotFoundError);
    expect((failure as Error).message).toContain(key);
  });
});

describe('attachment store configuration', () => {
  it('uses the filesystem store unless told otherwise', () => {
    expect(() => attachmentStoreFromEnv({})).not.toThrow();
  });

  it('names every missing S3 setting when s3 is chosen', () => {
    expect(() => attachmentStoreFromEnv({ ATTACHMENT_STORE: 's3', S3_REGION: 'cn-north-1' })).toThrow(
      /S3_BUCKET: required when ATTACHMENT_STORE=s3[\s\S]*S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/,
    );
  });

  it('rejects an endpoint that is not a URL and an unknown store', () => {
    const s3 = {
      ATTACHMENT_STORE: 's3',
      S3_REGION: 'cn-north-1',
      S3_BUCKET: 'attachments',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    };
    expect(() => attachmentStoreFromEnv({ ...s3, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    expect(() => attachmentStoreFromEnv({ ...s3, S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(
      /S3_FORCE_PATH_STYLE/,
    );
    expect(() => attachmentStoreFromEnv({ ATTACHMENT_STORE: 'oss' })).toThrow(/ATTACHMENT_STORE/);
  });
});

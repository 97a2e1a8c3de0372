import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOpened } from '@jiuzhu/contracts';
import { eventually, startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { s3AttachmentStore } from '../src/s3-attachment-store.ts';
import { investigationService } from '../src/service.ts';
import { clientFor } from './helpers.ts';
import { startLocalS3 } from './local-s3.ts';

describe('investigation with attachments in S3-compatible object storage', () => {
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;

  beforeAll(async () => {
    s3 = await startLocalS3();
    harness = await startServiceUnderTest(investigationService, s3.env);
  });
  afterAll(async () => {
    await harness?.stop();
    await s3?.stop();
  });

  it('uploads a scan through the API and downloads the same bytes', async () => {
    const xinyi = clientFor(harness.url, await harness.tokenFor('xinyi.caseworker'));
    const caseId = crypto.randomUUID();
    await harness.deliver(caseOpened, {
      caseId,
      caseNumber: `JZ-2026-court-440983-${caseId.slice(0, 5)}`,
      handlingOrgId: 'court-440983',
      leadSource: 'ex_officio',
      urgent: false,
      requestedAmountFen: 5_000_000,
    });
    await eventually(() => xinyi.getCase.query({ caseId }), 'case in investigation');

    const photo = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7) % 256)),
    ]);
    const stored = await xinyi.uploadAttachment.mutate({
      caseId,
      fileName: '现场照片.jpg',
      contentType: 'image/jpeg',
      contentBase64: photo.toString('base64'),
    });
    const back = await xinyi.getAttachment.query({ attachmentId: stored.attachmentId });
    expect(Buffer.from(back.contentBase64, 'base64').equals(photo)).toBe(true);
    expect(back).toMatchObject({
      fileName: '现场照片.jpg',
      contentType: 'image/jpeg',
      sizeBytes: photo.length,
    });

    // The bytes are in the bucket, as an object of the right type.
    const [row] = await harness.query<{ storage_key: string }>(
      'SELECT storage_key FROM attachment WHERE id = $1',
      [stored.attachmentId],
    );
    const object = await s3AttachmentStore(s3.options).get(row?.storage_key ?? 'missing');
    expect(object.contentType).toBe('image/jpeg');
    expect(object.content.equals(photo)).toBe(true);
  });
});

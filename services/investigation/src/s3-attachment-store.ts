import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AttachmentNotFoundError, type AttachmentStore } from './attachment-store.ts';

export interface S3AttachmentStoreOptions {
  /** For S3-compatible services (MinIO, Aliyun OSS, Tencent COS); AWS itself when absent. */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO needs this). */
  forcePathStyle: boolean;
}

function isMissingObject(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  // Some S3-compatible services answer a plain 404 without the NoSuchKey code.
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 404;
}

/** One object per key in one bucket, which must already exist. */
export function s3AttachmentStore(options: S3AttachmentStoreOptions): AttachmentStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK's default CRC checksums on every request are not understood by every S3-compatible
    // service; only send them where the operation requires one.
    ...(options.endpoint
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
  const { bucket } = options;
  return {
    async put(key, content, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: content, ContentType: contentType }),
      );
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!object.Body) throw new AttachmentNotFoundError(key, 's3');
        const content = Buffer.from(await object.Body.transformToByteArray());
        return { content, contentType: object.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        if (isMissingObject(error)) throw new AttachmentNotFoundError(key, 's3');
        throw error;
      }
    },
  };
}

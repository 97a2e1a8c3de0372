import { z } from 'zod';
import { loadConfig } from '@jiuzhu/service-kit';
import { filesystemAttachmentStore, type AttachmentStore } from './attachment-store.ts';
import { s3AttachmentStore } from './s3-attachment-store.ts';

const StoreChoice = z.object({
  ATTACHMENT_STORE: z
    .enum(['filesystem', 's3'], { message: 'must be "filesystem" or "s3"' })
    .default('filesystem'),
});

const FilesystemSettings = z.object({
  /** Relative paths resolve against the working directory. */
  ATTACHMENTS_DIR: z.string().min(1).default('.data/investigation-attachments'),
});

const required = (what: string) =>
  z.string({ message: `required when ATTACHMENT_STORE=s3 (${what})` }).min(1, {
    message: `required when ATTACHMENT_STORE=s3 (${what})`,
  });

const S3Settings = z.object({
  S3_ENDPOINT: z
    .url({
      protocol: /^https?$/,
      message: 'must be the http(s) URL of an S3-compatible endpoint, e.g. http://127.0.0.1:9000',
    })
    .optional(),
  S3_REGION: required('the bucket region, e.g. cn-north-1 or us-east-1'),
  S3_BUCKET: required('an existing bucket for investigation attachments'),
  S3_ACCESS_KEY_ID: required('access key id'),
  S3_SECRET_ACCESS_KEY: required('secret access key'),
  S3_FORCE_PATH_STYLE: z.stringbool({ message: 'must be true or false' }).default(false),
});

/** The attachment store chosen by ATTACHMENT_STORE; throws a ConfigError naming every missing setting. */
export function attachmentStoreFromEnv(env: NodeJS.ProcessEnv): AttachmentStore {
  const { ATTACHMENT_STORE } = loadConfig('investigation', StoreChoice, env);
  if (ATTACHMENT_STORE === 'filesystem') {
    return filesystemAttachmentStore(loadConfig('investigation', FilesystemSettings, env).ATTACHMENTS_DIR);
  }
  const s3 = loadConfig('investigation', S3Settings, env);
  return s3AttachmentStore({
    endpoint: s3.S3_ENDPOINT,
    region: s3.S3_REGION,
    bucket: s3.S3_BUCKET,
    accessKeyId: s3.S3_ACCESS_KEY_ID,
    secretAccessKey: s3.S3_SECRET_ACCESS_KEY,
    forcePathStyle: s3.S3_FORCE_PATH_STYLE,
  });
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

/** An attachment's bytes as the store gives them back, with the content type they were stored under. */
export interface StoredAttachment {
  content: Buffer;
  contentType: string;
}

/**
 * Where attachment bytes live. The database keeps only the key, size, type and checksum, so the bytes can
 * move between stores (local directory, S3-compatible object storage) by configuration.
 */
export interface AttachmentStore {
  put(key: string, content: Uint8Array, contentType: string): Promise<void>;
  /** Rejects with AttachmentNotFoundError when nothing is stored under the key. */
  get(key: string): Promise<StoredAttachment>;
}

export class AttachmentNotFoundError extends Error {
  readonly key: string;
  constructor(key: string, store: string) {
    super(`attachment not found in the ${store} store: ${key}`);
    this.name = 'AttachmentNotFoundError';
    this.key = key;
  }
}

const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

function isMissingFile(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

/**
 * Files under one directory, one file per key (keys are `<caseId>/<attachmentId>`), with the content type
 * in a `<key>.content-type` file beside it.
 */
export function filesystemAttachmentStore(directory: string): AttachmentStore {
  const root = resolve(directory);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error(`attachment key escapes the store: ${key}`);
    return path;
  };
  return {
    async put(key, content, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, { flag: 'wx' });
      await writeFile(`${path}.content-type`, contentType, { flag: 'wx' });
    },
    async get(key) {
      const path = pathOf(key);
      let content: Buffer;
      try {
        content = await readFile(path);
      } catch (error) {
        if (isMissingFile(error)) throw new AttachmentNotFoundError(key, 'filesystem');
        throw error;
      }
      // Files stored before content types were kept have no companion file.
      const contentType = await readFile(`${path}.content-type`, 'utf8').catch((error: unknown) => {
        if (isMissingFile(error)) return UNKNOWN_CONTENT_TYPE;
        throw error;
      });
      return { content, contentType };
    },
  };
}

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const SIGNATURES: ReadonlyArray<{ contentType: string; label: string; magic: readonly number[] }> = [
  { contentType: 'application/pdf', label: 'PDF', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { contentType: 'image/jpeg', label: 'JPEG', magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', label: 'PNG', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** Why a file may not be attached (in Chinese), or null when it may. */
export function attachmentProblem(contentType: string, content: Uint8Array): string | null {
  const kind = SIGNATURES.find((signature) => signature.contentType === contentType.toLowerCase());
  if (!kind) return `仅支持PDF、JPEG、PNG格式的附件，不支持“${contentType}”`;
  if (content.length === 0) return '附件内容为空';
  if (content.length > MAX_ATTACHMENT_BYTES)
    return `附件大小不能超过10MB（本文件${(content.length / 1024 / 1024).toFixed(1)}MB）`;
  if (!kind.magic.every((byte, index) => content[index] === byte))
    return `文件内容不是有效的${kind.label}文件，请上传扫描件或照片的原始文件`;
  return null;
}

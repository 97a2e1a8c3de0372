import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

/**
 * Where attachment bytes live. The database keeps only the key, size, type and checksum, so the platform
 * team can move the bytes to object storage by configuration once an adapter for it exists.
 */
export interface AttachmentStore {
  put(key: string, content: Uint8Array): Promise<void>;
  get(key: string): Promise<Buffer>;
}

/** Files under one directory, one file per key (keys are `<caseId>/<attachmentId>`). */
export function filesystemAttachmentStore(directory: string): AttachmentStore {
  const root = resolve(directory);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error(`attachment key escapes the store: ${key}`);
    return path;
  };
  return {
    async put(key, content) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, { flag: 'wx' });
    },
    async get(key) {
      return readFile(pathOf(key));
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

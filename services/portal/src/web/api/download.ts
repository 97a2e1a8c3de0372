/** Hands a file a service returned (base64) to the browser as a download. */
export function downloadBase64(fileName: string, contentType: string, contentBase64: string): void {
  saveFile(
    fileName,
    Uint8Array.from(atob(contentBase64), (char) => char.charCodeAt(0)),
    contentType,
  );
}

/** Hands bytes made in the browser to the person as a download. */
export function saveFile(
  fileName: string,
  bytes: ArrayBuffer | Uint8Array<ArrayBuffer>,
  contentType: string,
): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a picked file as base64 (without the data: prefix). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { apiErrorShape } from '@jiuzhu/contracts';

/** How long what a refused connection still sends is read (and dropped) before it is closed. */
const LINGER_MS = 3_000;

/**
 * Answers what Node refuses before any route sees it (an address or headers over its limit: 431; a request
 * that is not HTTP: 400) in Chinese JSON, and reads on for a moment before closing, so the sender gets the
 * answer instead of a reset connection. Node's own handler sends a bare status and resets.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLong = error.code === 'HPE_HEADER_OVERFLOW';
    const shape = apiErrorShape(
      'BAD_REQUEST',
      tooLong ? '请求地址或请求头过长，请精简查询条件后重试。' : '请求格式不正确。',
    );
    const status = tooLong ? 431 : 400;
    const body = JSON.stringify({ error: { ...shape, data: { ...shape.data, httpStatus: status } } });
    socket.end(
      `HTTP/1.1 ${status} ${tooLong ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
    // Node's parser would fail again on what follows and reset the connection: what follows is dropped here.
    socket.removeAllListeners('data');
    socket.on('data', () => undefined).resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

import type { Duplex } from 'node:stream';

/**
 * A `clientError` listener for the axons' HTTP servers: node's parser refused the bytes (a
 * malformed request line or header, headers over the 16 KiB limit, a request too slow to arrive),
 * so the client is told why with a bare status line before the socket is destroyed, instead of
 * seeing the connection drop.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADER_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // a peer that does not read the answer must not hold the socket
  setTimeout(() => socket.destroy(), 1_000).unref();
}

import { createServer, Server, connect } from 'node:net';
import { TcpProxy } from './tcp-proxy';
import { waitFor } from './wait-for';

function echoServer(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer((sock) => sock.pipe(sock));
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.write(text));
    c.once('data', (d) => {
      resolve(d.toString());
      c.end();
    });
    c.once('error', reject);
  });
}

describe('TcpProxy', () => {
  it('passes traffic, refuses it while cut, and passes it again after restore', async () => {
    const echo = await echoServer();
    const proxy = new TcpProxy('127.0.0.1', (echo.address() as { port: number }).port);
    const port = await proxy.start();
    try {
      await expect(roundTrip(port, 'hello')).resolves.toBe('hello');
      await proxy.cut();
      await expect(roundTrip(port, 'down')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await proxy.restore();
      await expect(roundTrip(port, 'back')).resolves.toBe('back');
    } finally {
      await proxy.stop();
      echo.close();
    }
  });
});

describe('waitFor', () => {
  it('returns the first truthy value and fails with the last error after the timeout', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
    await expect(waitFor(() => Promise.reject(new Error('still down')), { timeoutMs: 30, intervalMs: 5, what: 'x' })).rejects.toThrow(
      'timed out after 30 ms waiting for x: still down',
    );
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

/** A built client as `vite build` leaves it: every text file with a .br and a .gz beside it. */
function builtClient(): string {
  const dir = mkdtempSync(join(tmpdir(), 'holdspace-client-'));
  mkdirSync(join(dir, 'assets'));
  const files = {
    'index.html': '<!doctype html><title>Holdspace</title><script type="module" src="/assets/app.js"></script>',
    'assets/app.js': `console.log(${JSON.stringify('room '.repeat(200))});`,
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  }
  return dir;
}

/** GET with one Accept-Encoding, the body as it came over the wire. */
function get(url: string, encoding: string | null) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    request(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

let dir: string;
let server: TestServer;
beforeAll(async () => {
  dir = builtClient();
  server = await startServer({ config: { clientDir: dir } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built client, served compressed', () => {
  it('[PR5] the page comes as brotli when the browser takes it, under the strict policy, never cached', async () => {
    const page = await get(`${server.url}/`, 'gzip, deflate, br, zstd');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers.vary).toContain('accept-encoding');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(brotliDecompressSync(page.body).toString()).toContain('<title>Holdspace</title>');
  });

  it('assets come as brotli, gzip or plain, whichever the browser accepts, cached for good', async () => {
    const url = `${server.url}/assets/app.js`;
    const [br, gzip, plain] = await Promise.all([get(url, 'br'), get(url, 'gzip'), get(url, null)]);
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const response of [br, gzip, plain]) {
      expect(response.headers['content-type']).toContain('javascript');
      expect(response.headers['cache-control']).toContain('immutable');
    }
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 5);
  });
});

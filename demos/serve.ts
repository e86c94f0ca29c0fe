/**
 * A small static server for the built demos (demos/dist) that makes the pages cross-origin isolated
 * (`Cross-Origin-Opener-Policy: same-origin`, `Cross-Origin-Embedder-Policy: require-corp`), so onnxruntime-web
 * can run WebAssembly on several threads (SharedArrayBuffer). Every response carries the headers, workers and
 * `.wasm` files included.
 *
 *     npm run demos:build && npm run demos:serve          # http://localhost:5180/
 *     PORT=8080 npm run demos:serve
 *
 * Also used by test/browser (startDemoServer).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.onnx': 'application/octet-stream', '.bin': 'application/octet-stream',
  '.mp3': 'audio/mpeg', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.md': 'text/plain',
};

/** Headers that make a page cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** A running demo server. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Serves `root` (default demos/dist) on `port` (0: any free port) with the isolation headers. Directories serve their
 * `index.html`; paths outside `root` are refused.
 */
export async function startDemoServer(options: { root?: string; port?: number; host?: string } = {}): Promise<DemoServer> {
  const root = path.resolve(options.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist'));
  if (!existsSync(root)) throw new Error(`no demos build in ${root}: run \`npm run demos:build\` first`);
  const server: Server = createServer((req, res) => {
    let url: string;
    try {
      url = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, url);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...ISOLATION_HEADERS }).end(`not found: ${url}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(statSync(file).size),
      'Cache-Control': 'no-cache',
      ...ISOLATION_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 5180);
  startDemoServer({ port, host: process.env.HOST ?? '127.0.0.1' }).then((server) => {
    console.log(`PortraitRig demos (cross-origin isolated) at ${server.origin}/`);
  }, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

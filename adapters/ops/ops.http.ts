import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PromMetrics } from './prom.metrics.js';
import type { Readiness } from './readiness.js';

/** A route of the operations endpoints, in the shape Bolt's `customRoutes` takes (so Slack's HTTP port serves them too). */
export interface OpsRoute {
  readonly path: string;
  readonly method: string[];
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

const send = (res: ServerResponse, status: number, type: string, body: string) => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
};

/** `GET /healthz` (alive), `GET /readyz` (store, platforms, not stopping: 200 or 503 with the checks), `GET /metrics` (Prometheus). */
export function opsRoutes(readiness: Readiness, metrics: PromMetrics): OpsRoute[] {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => send(res, 200, 'application/json', '{"status":"ok"}\n') },
    {
      path: '/readyz', method: ['GET', 'HEAD'],
      handler: (_req, res) => void readiness.check().then((r) => send(res, r.ready ? 200 : 503, 'application/json', `${JSON.stringify({ status: r.ready ? 'ready' : 'not ready', checks: r.checks })}\n`)),
    },
    {
      path: '/metrics', method: ['GET'],
      handler: (_req, res) => void metrics.exposition().then((m) => send(res, 200, m.contentType, m.body), () => send(res, 500, 'text/plain', 'metrics unavailable\n')),
    },
  ];
}

/** Serves the operations routes on their own HTTP server (console, Socket Mode and Discord-only processes); 404 elsewhere. */
export async function startOpsServer(port: number, routes: readonly OpsRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) return send(res, 404, 'text/plain', 'not found\n');
    if (!route.method.includes(req.method ?? 'GET')) return send(res, 405, 'text/plain', 'method not allowed\n');
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`PORT ${port} cannot be opened for /healthz, /readyz and /metrics (${error.message}); set PORT to a free port`)));
    server.listen(port, () => resolve());
  });
  return server;
}

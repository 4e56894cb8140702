/**
 * The inspector's HTTP server. Safe by default: it listens on 127.0.0.1 only, refuses a request
 * whose Host is not this machine's loopback name (a DNS-rebinding page would send its own host),
 * requires the random access token printed with the URL, sends a strict Content-Security-Policy
 * (inline script only with the response's nonce), and never writes: it has no write route.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataflowSpec } from "@causality/runtime";
import { diffTypeExprs, type SchemaRole } from "@causality/schema";
import type { Html } from "./html.js";
import { query } from "./html.js";
import {
  definitionsPage,
  diffPage,
  errorPage,
  instancePage,
  instancesPage,
  layout,
  schemaLookupPage,
  schemaPage,
} from "./pages.js";
import { type InspectorQueries, STATUS_FILTERS, type StatusFilter } from "./queries.js";

export interface InspectorOptions {
  readonly queries: InspectorQueries;
  readonly port?: number;
  /** Default 127.0.0.1. Another address must be asked for explicitly. */
  readonly host?: string;
  /** Default: 24 random bytes. */
  readonly token?: string;
  readonly pageSize?: number;
  /** How often a live page's instance is checked for a change (ms). */
  readonly pollMs?: number;
}

export interface Inspector {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const host = options.host ?? "127.0.0.1";
  const pageSize = options.pageSize ?? 50;
  const q = options.queries;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const tokenOk = (given: string | null): boolean => {
    if (given === null) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const send = (res: ServerResponse, status: number, title: string, body: Html, live?: string) => {
    const nonce = randomBytes(16).toString("base64");
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
    });
    res.end(layout(title, body, token, nonce, live).text);
  };

  const specOf = async (definitionId: string): Promise<DataflowSpec | undefined> =>
    (await q.store.definition(definitionId))?.spec as DataflowSpec | undefined;

  const routes: Record<string, (url: URL, res: ServerResponse) => Promise<void>> = {
    "/": async (_url, res) => {
      const defs = await q.definitions();
      const specs = new Map<string, DataflowSpec>();
      for (const d of defs) {
        const spec = await specOf(d.id);
        if (spec) specs.set(d.id, spec);
      }
      send(res, 200, "Definitions", definitionsPage(defs, specs, token));
    },
    "/instances": async (url, res) => {
      const p = url.searchParams;
      const status = p.get("status") || undefined;
      if (status !== undefined && !STATUS_FILTERS.includes(status as StatusFilter))
        return send(res, 400, "Bad request", errorPage(400, `status is one of ${STATUS_FILTERS.join(", ")}`));
      const since = p.get("since") ? new Date(p.get("since")!) : undefined;
      if (since && Number.isNaN(since.getTime()))
        return send(res, 400, "Bad request", errorPage(400, "since is not a date"));
      const afterAt = p.get("after_at");
      const afterId = p.get("after_id");
      const after = afterAt && afterId ? { at: new Date(afterAt), id: afterId } : undefined;
      if (after && Number.isNaN(after.at.getTime()))
        return send(res, 400, "Bad request", errorPage(400, "after_at is not a date"));
      const definition = p.get("definition") || undefined;
      const [rows, counts, defs] = await Promise.all([
        q.instances({
          limit: pageSize + 1,
          ...(status ? { status: status as StatusFilter } : {}),
          ...(definition ? { definition } : {}),
          ...(since ? { since } : {}),
          ...(after ? { after } : {}),
        }),
        q.counts(),
        q.definitionNames(),
      ]);
      const page = rows.slice(0, pageSize);
      const last = page[page.length - 1];
      const next =
        rows.length > pageSize && last
          ? `/instances${query({
              status,
              definition,
              since: p.get("since") || undefined,
              after_at: last.updatedAt.toISOString(),
              after_id: last.id,
              token,
            })}`
          : undefined;
      const filter = {
        ...(status ? { status: status as StatusFilter } : {}),
        ...(definition ? { definition } : {}),
        ...(p.get("since") ? { since: p.get("since")! } : {}),
      };
      send(res, 200, "Instances", instancesPage(page, counts, defs, filter, next, token));
    },
    "/instance": async (url, res) => {
      const id = url.searchParams.get("id") ?? "";
      const instance = await q.instance(id);
      if (!instance) return send(res, 404, "Not found", errorPage(404, `no instance ${id} in this store`));
      const [spec, journal, effects] = await Promise.all([
        specOf(instance.definitionId),
        q.journal(id),
        q.effects(id),
      ]);
      send(
        res,
        200,
        `Instance ${id}`,
        instancePage({ instance, spec, journal, effects }, token),
        instance.status === "running" ? id : undefined,
      );
    },
    "/schemas": async (_url, res) => send(res, 200, "Schemas", schemaLookupPage(token)),
    "/schema": async (url, res) => {
      const id = url.searchParams.get("id") ?? "";
      send(res, 200, `Schema ${id}`, schemaPage(id, await q.schema(id), token));
    },
    "/schema-diff": async (url, res) => {
      const p = url.searchParams;
      const role = (p.get("role") ?? "input") as SchemaRole;
      if (!["input", "output", "state"].includes(role))
        return send(res, 400, "Bad request", errorPage(400, "role is input, output or state"));
      const [a, b] = await Promise.all([q.schema(p.get("a") ?? ""), q.schema(p.get("b") ?? "")]);
      if (!a || !b)
        return send(res, 404, "Not found", errorPage(404, "both ids must be schemas of this store"));
      send(res, 200, "Schema diff", diffPage(diffTypeExprs(a.expr, b.expr, role)));
    },
  };

  /** Server-sent events: "moved" when the instance's version or status changes. */
  const events = (url: URL, req: IncomingMessage, res: ServerResponse) => {
    const id = url.searchParams.get("id") ?? "";
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(": live\n\n");
    streams.add(res);
    let last: string | undefined;
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const stamp = await q.stamp(id);
        if (last !== undefined && stamp !== last)
          res.write(`event: moved\ndata: ${JSON.stringify(stamp ?? null)}\n\n`);
        last = stamp;
      } catch {
        // The store is busy or closing: try again on the next tick.
      }
      if (!stopped) timer = setTimeout(tick, options.pollMs ?? 500);
    };
    let timer = setTimeout(tick, 0);
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      streams.delete(res);
    };
    req.on("close", stop);
  };

  const server: Server = createServer((req, res) => {
    const hostHeader = req.headers.host ?? "";
    const name = hostHeader.replace(/:\d+$/, "");
    const hostPort = hostHeader.match(/:(\d+)$/)?.[1];
    if (!LOCAL_HOSTS.has(name) || (hostPort !== undefined && Number(hostPort) !== port)) {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end(
        "forbidden: this inspector answers only to 127.0.0.1, localhost or [::1] (DNS rebinding protection)\n",
      );
      return;
    }
    const url = new URL(req.url ?? "/", `http://${hostHeader}`);
    if (!tokenOk(url.searchParams.get("token"))) {
      res.writeHead(401, { "content-type": "text/plain" });
      res.end("unauthorized: open the URL with the access token that `causality ui` printed\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
      res.end("the inspector is read-only\n");
      return;
    }
    if (url.pathname === "/events") return events(url, req, res);
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!route) return send(res, 404, "Not found", errorPage(404, `no page ${url.pathname}`));
    route(url, res).catch((e: unknown) => {
      if (!res.headersSent)
        send(res, 500, "Error", errorPage(500, (e as Error).message.split("\n")[0] ?? "error"));
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    close: async () => {
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The inspector's HTTP server. Safe by default: it listens on 127.0.0.1 only, refuses a request
 * whose Host is not this machine's loopback name (a DNS-rebinding page would send its own host),
 * requires the random access token printed with the URL, sends a strict Content-Security-Policy
 * (inline script only with the response's nonce), and never writes: without `allowActions` it
 * has no write route at all (every other method is 405). With it, two POST routes (cancel, retry)
 * go through the runtime's operator actions, each request checked three ways against cross-site
 * forgery: the access token in the URL, a form field derived from it (csrf), and an Origin header
 * naming this server.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Browsable,
  ConflictError,
  cancelInstance,
  type DataflowSpec,
  LIST_STATUSES,
  type ListStatus,
  OperatorError,
  redactInstance,
  redactingStore,
  redactionOfRecord,
  retryInstance,
  type Store,
} from "@causality/runtime";
import { diffTypeExprs, type SchemaRole } from "@causality/schema";
import type { Html } from "./html.js";
import { query } from "./html.js";
import { instancePage } from "./instance-page.js";
import {
  definitionsPage,
  diffPage,
  errorPage,
  instancesPage,
  layout,
  schemaLookupPage,
  schemaPage,
} from "./pages.js";
import { lookUpSchema } from "./schema-lookup.js";

export interface InspectorOptions {
  readonly store: Store & Browsable;
  /** Serve the cancel and retry actions (POST routes and their buttons). Default: read-only. */
  readonly allowActions?: boolean;
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

const ACTIONS = { "/actions/cancel": "cancel", "/actions/retry": "retry" } as const;
const DONE = {
  cancel: "Cancelled: the instance failed as RT6020_CANCELLED and its queued effect left the queue.",
  retry:
    "Retried: the instance runs again from the node it failed at when a worker (or causality run) next steps it.",
} as const;

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "error";

/** A request body up to `limit` bytes (a longer one is refused). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const host = options.host ?? "127.0.0.1";
  const pageSize = options.pageSize ?? 50;
  const store = options.store;
  // The actions' form field: derived from the token, so only a page this server rendered carries it.
  const csrf = createHmac("sha256", token).update("causality inspector actions").digest("base64url");
  const streams = new Set<ServerResponse>();
  let port = 0;

  const same = (given: string | null | undefined, expected: string): boolean => {
    if (given === null || given === undefined) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const tokenOk = (given: string | null) => same(given, token);

  const send = (res: ServerResponse, status: number, title: string, body: Html, live?: string) => {
    const nonce = randomBytes(16).toString("base64");
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      "x-content-type-options": "nosniff",
      // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with a form's
      // POST, and the actions' Origin check needs the real one. Nothing goes to another site.
      "referrer-policy": "same-origin",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
    });
    res.end(layout(title, body, token, nonce, live).text);
  };

  const specOf = async (definitionId: string): Promise<DataflowSpec | undefined> =>
    (await store.definition(definitionId))?.spec as DataflowSpec | undefined;

  const routes: Record<string, (url: URL, res: ServerResponse) => Promise<void>> = {
    "/": async (_url, res) => {
      const defs = await store.browse.definitionList();
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
      if (status !== undefined && !LIST_STATUSES.includes(status as ListStatus))
        return send(res, 400, "Bad request", errorPage(400, `status is one of ${LIST_STATUSES.join(", ")}`));
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
        store.browse.instancePage({
          limit: pageSize + 1,
          ...(status ? { status: status as ListStatus } : {}),
          ...(definition ? { definitionId: definition } : {}),
          ...(since ? { since } : {}),
          ...(after ? { after } : {}),
        }),
        store.browse.statusCounts(),
        store.browse.definitionNames(),
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
        ...(status ? { status: status as ListStatus } : {}),
        ...(definition ? { definition } : {}),
        ...(p.get("since") ? { since: p.get("since")! } : {}),
      };
      send(res, 200, "Instances", instancesPage(page, counts, defs, filter, next, token));
    },
    "/instance": async (url, res) => {
      const id = url.searchParams.get("id") ?? "";
      const stored = await store.transaction((tx) => tx.getInstance(id));
      if (!stored) return send(res, 404, "Not found", errorPage(404, `no instance ${id} in this store`));
      const [spec, journal, effects] = await Promise.all([
        specOf(stored.definitionId),
        store.journal(id),
        store.browse.effectAttempts(id),
      ]);
      // The instance row keeps redacted fields' real values (its handlers need them); the page shows
      // the marker, as the journal and effect records (written redacted) do.
      const instance = redactInstance(redactionOfRecord(spec), stored);
      const done = url.searchParams.get("done");
      const actions = options.allowActions
        ? { csrf, ...(done && Object.hasOwn(DONE, done) ? { done: DONE[done as keyof typeof DONE] } : {}) }
        : undefined;
      send(
        res,
        200,
        `Instance ${id}`,
        instancePage({ instance, spec, journal, effects }, token, actions),
        instance.status === "running" ? id : undefined,
      );
    },
    "/schemas": async (_url, res) => send(res, 200, "Schemas", schemaLookupPage(token)),
    "/schema": async (url, res) => {
      const id = url.searchParams.get("id") ?? "";
      send(res, 200, `Schema ${id}`, schemaPage(id, await lookUpSchema(store.browse, id), token));
    },
    "/schema-diff": async (url, res) => {
      const p = url.searchParams;
      const role = (p.get("role") ?? "input") as SchemaRole;
      if (!["input", "output", "state"].includes(role))
        return send(res, 400, "Bad request", errorPage(400, "role is input, output or state"));
      const [a, b] = await Promise.all([
        lookUpSchema(store.browse, p.get("a") ?? ""),
        lookUpSchema(store.browse, p.get("b") ?? ""),
      ]);
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
        const stamp = await store.browse.instanceStamp(id);
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

  /** A POST action: same origin, the form's csrf field, then the runtime's operator action; back to the instance. */
  const act = async (url: URL, req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin !== `http://${req.headers.host}`)
      return send(
        res,
        403,
        "Forbidden",
        errorPage(403, "an action must come from this inspector's own pages"),
      );
    const form = new URLSearchParams(await readBody(req, 4096));
    if (!same(form.get("csrf"), csrf))
      return send(res, 403, "Forbidden", errorPage(403, "the action's form field is missing or wrong"));
    const id = form.get("id") ?? "";
    const action = ACTIONS[url.pathname as keyof typeof ACTIONS];
    try {
      // Through the store's definitions, so a redacted field's value stays out of the journal entry.
      const redacting = await redactingStore(store, id);
      if (action === "cancel") await cancelInstance(redacting, id, "cancelled from the inspector");
      else await retryInstance(redacting, id);
    } catch (e) {
      if (e instanceof OperatorError || e instanceof ConflictError)
        return send(res, 409, "Conflict", errorPage(409, firstLine(e)));
      throw e;
    }
    res.writeHead(303, {
      location: `/instance${query({ id, done: action, token })}`,
      "cache-control": "no-store",
    });
    res.end();
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
    if (options.allowActions && req.method === "POST" && Object.hasOwn(ACTIONS, url.pathname)) {
      act(url, req, res).catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, "Error", errorPage(500, firstLine(e)));
        else res.end();
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
      res.end(
        options.allowActions
          ? "only the cancel and retry actions are written, by POST\n"
          : "the inspector is read-only (start it with --allow-actions for cancel and retry)\n",
      );
      return;
    }
    if (url.pathname === "/events") return events(url, req, res);
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!route) return send(res, 404, "Not found", errorPage(404, `no page ${url.pathname}`));
    route(url, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, "Error", errorPage(500, firstLine(e)));
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

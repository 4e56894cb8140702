/**
 * `causality ui --db <dir | postgres://...>`: the inspector, a local web UI over the durable store
 * (definitions, instances, journals, effects, placements, schemas). Read-only unless
 * `--allow-actions` (cancel a running instance, retry a failed one); prints a URL with a fresh
 * access token and serves until interrupted.
 */
import { resolve } from "node:path";
import { isServerUrl, openDatabase, PgStore } from "@causality/runtime";
import { CliError, EXIT } from "../errors.js";
import { parse } from "../main.js";
import { startInspector } from "../ui/server.js";
import type { CommandContext } from "./context.js";
import { requireDb } from "./store-option.js";

export async function uiCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parse(args, {
    db: { type: "string" },
    port: { type: "string", default: "4300" },
    host: { type: "string", default: "127.0.0.1" },
    "allow-actions": { type: "boolean" },
  });
  const target = requireDb(values.db, "ui");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError("CLI3001_USAGE", `--port must be a port number (got ${values.port})`);
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase(isServerUrl(target) ? target : resolve(ctx.cwd, target));
  } catch (e) {
    throw new CliError(
      "CLI3020_STORE",
      `cannot open the store: ${(e as Error).message.split("\n")[0]}`,
      target,
    );
  }
  const store = await PgStore.on(db);
  let inspector: Awaited<ReturnType<typeof startInspector>>;
  try {
    inspector = await startInspector({
      store,
      port,
      host: values.host!,
      allowActions: values["allow-actions"] === true,
    });
  } catch (e) {
    await db.close();
    throw new CliError("CLI3001_USAGE", `cannot listen on ${values.host}:${port}: ${(e as Error).message}`);
  }
  const mode = values["allow-actions"] ? "actions enabled: cancel, retry" : "read-only";
  ctx.stdout(`causality inspector (${mode}) at ${inspector.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await inspector.close();
  await db.close();
  return EXIT.ok;
}

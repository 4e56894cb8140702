/**
 * `--upgrade` where a stored instance is resumed or shown (`run --resume`, `instance`): moves the
 * instance to the module's version of its dataflow, its state migrated as that version declares
 * (Orchestrator.upgrade). A refusal is the instance's report, not a CLI error: its id, the code and
 * both ids on stderr; the instance stays as it was.
 */
import { type Orchestrator, type Store, UpgradeError } from "@causality/runtime";
import type { CommandContext } from "./context.js";
import type { LoadedDataflow } from "./dataflow-module.js";

/** True when the instance is on `flow`'s version now (moved, or already there). */
export async function upgradeInstance(
  orchestrator: Orchestrator,
  store: Store,
  id: string,
  flow: LoadedDataflow["flow"],
  ctx: CommandContext,
): Promise<boolean> {
  const before = await orchestrator.get(id);
  if (before.definitionId === flow.definitionId) return true;
  // Another dataflow altogether is a wrong module, not a new version (worker --upgrade matches names too).
  const name = (await store.definition(before.definitionId))?.name;
  if (name !== undefined && name !== flow.name) {
    ctx.stderr(
      `instance ${id}: it runs dataflow "${name}", the module gives "${flow.name}": not a version of it\n`,
    );
    return false;
  }
  try {
    await orchestrator.upgrade(id, flow);
  } catch (e) {
    if (!(e instanceof UpgradeError)) throw e;
    ctx.stderr(`instance ${id}: ${e.message}\n`);
    return false;
  }
  ctx.stdout(
    `upgraded ${id} from ${before.definitionId.slice(0, 12)}… to ${flow.definitionId.slice(0, 12)}…\n`,
  );
  return true;
}

/** Help texts of every command (docs/cli.md is the long form). */
export const COMMANDS = [
  "generate",
  "check",
  "diff",
  "ack",
  "id",
  "show",
  "graph",
  "run",
  "init",
  "doctor",
  "worker",
  "instances",
  "instance",
  "ui",
] as const;
export type CommandName = (typeof COMMANDS)[number];

const COMMON = `  -p, --project <tsconfig>   the tsconfig.json to read (default: ./tsconfig.json)
  -h, --help                 this help
`;

export const HELP: Record<CommandName | "main", string> = {
  main: `causality — content-addressed schemas for TypeScript types

Usage: causality <command> [options]

Commands:
  generate   write schema modules, JSON Schema files and schema.lock.json
  check      exit 2 when schema.lock.json is out of date with the sources
  diff       breaking changes between two lock files or git revisions
  ack        acknowledge a breaking change in schema.acks.json: causality ack src/x.ts#T --reason '…'
  id         print the id of a type: causality id src/x.ts#TypeName
  show       print a type's TypeExpr as TypeScript-like text (or --json)
  graph      a dataflow as a Mermaid diagram: causality graph dist/flow.js#transfer
  run        run a dataflow and print its trace: causality run dist/flow.js#transfer --input '{…}'
  init       set a project up: plugins in tsconfig, build script, causality.config.json (--dry-run)
  doctor     check the project's setup: plugin registered, transform path, tspc, TypeScript version
  worker     step every running instance in a durable store: causality worker dist/flow.js#transfer --db .causality/db
  instances  list the instances in a durable store: causality instances --db .causality/db
  instance   show one instance and its journal: causality instance <id> --db .causality/db
  ui         a local web inspector over a durable store: causality ui --db .causality/db

Options:
  -h, --help                 this help (causality <command> --help: the command's options)
  -v, --version              print the version

Exit codes: 0 ok, 1 unacknowledged breaking change (diff), a failed dataflow (run) or a setup problem (doctor),
2 lock out of date, 3 usage or tool error.
Errors are one line with a code; set CAUSALITY_DEBUG=1 to add the stack trace of an internal error.
`,
  generate: `Usage: causality generate [options]

Analyzes every typeSchema<T>() and defineDataflow<I, O, S>() call and the types listed in
causality.config.json, then writes schema modules, JSON Schema files and schema.lock.json, and
deletes the files an earlier run generated for schemas that no longer exist.

${COMMON}  -o, --out <dir>            where schema modules go (default: schemas)
      --lock <file>          lock file to write (default: schema.lock.json)
  -w, --watch                regenerate when a source file changes
`,
  check: `Usage: causality check [options]

Recomputes every schema and compares with schema.lock.json. Exit 2 and print the entries that
differ when the lock is out of date.

${COMMON}      --lock <file>          lock file to check (default: schema.lock.json)
`,
  diff: `Usage: causality diff --base <lock file | git revision> [--head <lock file | git revision>] [options]

Compares two sets of schemas and classifies each change by the role of the type: inputs may
only widen, outputs may only narrow, state changes need a declared migration. Without --head the
lock file in the working tree is first checked against the sources: exit 2 when it is out of date.
Exit 0 no unacknowledged breaking change, 1 one or more, 2 lock out of date, 3 usage or tool error.

  --base <spec>              the old schemas: a lock file or a git revision (e.g. HEAD~1, origin/main)
  --head <spec>              the new schemas (default: the lock file in the working tree)
  -p, --project <tsconfig>   the sources the working-tree lock is checked against (default: ./tsconfig.json)
  --lock <file>              lock file path inside a revision (default: schema.lock.json)
  --acks <file>              acknowledged breaks (default: schema.acks.json)
  --format <f>               text (default), json, markdown, github
  --strict                   judge optional fields exactly: adding one to an input, or removing one
                             from an output, is breaking (also "diff": { "strict": true } in
                             causality.config.json; by default both are compatible, with a note)
  -h, --help                 this help
`,
  ack: `Usage: causality ack <file.ts#Name> --reason <text> [--migration <file>] [options]

Writes the acknowledgment of one schema's breaking change into schema.acks.json, with the full ids
of the change between --base and the working-tree lock (or --head). A breaking state change needs
--migration. An acknowledgment of the same change is replaced, not doubled.

  --reason <text>            why the break is fine (required)
  --migration <file>         the migration of stored states (required for a breaking state change)
  --base <spec>              the old schemas: a lock file or a git revision (default: HEAD)
  --head <spec>              the new schemas (default: the lock file in the working tree)
  -p, --project <tsconfig>   the sources the working-tree lock is checked against (default: ./tsconfig.json)
  --lock <file>              lock file path inside a revision (default: schema.lock.json)
  --acks <file>              the acknowledgments file to write (default: schema.acks.json)
  --strict                   the strict optional-field policy (as diff --strict)
  -h, --help                 this help
`,
  id: `Usage: causality id <file.ts#TypeName> [options]

Prints the TypeExprId (0x + 64 hex digits) of the named exported type.

${COMMON}`,
  show: `Usage: causality show <file.ts#TypeName> [options]

Prints the canonical TypeExpr as TypeScript-like text.

${COMMON}      --json                 print the canonical TypeExpr JSON instead
`,
  graph: `Usage: causality graph <module.js | source.ts>#<export>

Prints the dataflow (nodes, edges, conditions, domains, retries) as a Mermaid flowchart. A TypeScript
source is read without building it, when the definition is written as a literal; otherwise point at
the built module.

  -h, --help                 this help
`,
  run: `Usage: causality run <module.js>#<export> --input <json | @file.json> [--steps N] [--db <dir | url>]
       causality run <module.js>#<export> --resume <id> --db <dir | url> [--upgrade] [--steps N]
       causality run <module.js>#<export> --explain [--strategy <id>] [--input <json>]

Starts the dataflow with the input on the in-memory store (with --db: durably, in a PGlite data
directory or on a PostgreSQL server), runs it to the end (or N transitions) and prints the trace. The module's \`domains\` and \`executors\` exports are used when present;
otherwise each domain the definition names gets a dry-run executor. Exit 0 when the instance
completes or --steps stops it, 1 when it fails or the input is rejected.
With --resume the stored instance continues instead; it keeps the definition version it started
with, so a module giving another version is reported (exit 1) unless --upgrade first moves it to the
module's version, its state migrated as the module declares (a refusal is reported, exit 1, and the
instance stays as it was).
With --explain nothing runs: it prints the optimizer's plan for the definition's actions over those
domains, every candidate with its scores and why it won or lost, and the plan's cost and completion
time (exit 1 when no plan fits the limits).

  --input <json>             the input value, or @file.json
  --steps <n>                stop after n transitions and print the instance's node and state
  --explain                  print the optimizer's plan instead of running
  --db <dir | url>           keep the instance in a durable store: a PGlite data directory or postgres://...
  --resume <id>              continue this stored instance (with --db, or CAUSALITY_DB, DATABASE_URL)
  --upgrade                  with --resume: move the instance to the module's version first
  --strategy <id>            the plan's strategy (default balanced): balanced, latency_optimization,
                             cost_minimization, capital_efficiency
  -h, --help                 this help
`,
  init: `Usage: causality init [options]

Sets the project up and prints every change: the plugin and the language-service plugin in
tsconfig.json (comments and formatting kept; a tsconfig is written when there is none), the build
script through tspc, or \`causality generate\` before the build for projects that bundle with
esbuild, vite or swc or use TypeScript 7, ts-patch and typescript in devDependencies, a
"schemas:check" script, causality.config.json. Changes only what is missing: a second run changes
nothing. Refuses (exit 3) a tsconfig.json or package.json it cannot parse.

${COMMON}      --dry-run              print the changes (with the changed lines) and write nothing
      --route <tspc|generate>  choose the route instead of detecting it
      --ci                   also write .github/workflows/schemas.yml (the workflow of docs/ci.md)
`,
  doctor: `Usage: causality doctor [options]

Checks the project's setup and prints one line per finding, with a code and where (the file and the
JSON path in it): the transformer not registered while the sources call typeSchema/defineDataflow,
a transform path that does not resolve, plain tsc instead of tspc (or no ts-patch), a TypeScript
version the plugin does not support (TypeScript 7 has no transformer API), and, as a hint, a missing
language-service plugin. Exit 0 when there are no problems (hints alone are fine), 1 when there is
one or more, 3 on a usage or tool error.

${COMMON}`,
  worker: `Usage: causality worker <module.js>#<export>... --db <dir | url> [--until-idle] [--batch N] [--upgrade]

Steps every running instance in the store, effects and transitions, with the modules' definitions,
domains and executors (a domain without an executor gets a dry run). Any number of workers, on any
number of machines, share one PostgreSQL store: each instance's next step has one owner at a time.
Runs until interrupted (SIGINT/SIGTERM), or with --until-idle until nothing is left to step. An
instance that cannot step (bad stored data, a definition no module gives) is reported with its id
and left alone; the others keep running (exit 1 when any was reported). Instances keep the
definition version they started with; --upgrade first moves running instances of an older version
of a module's dataflow (same name) to the module's, migrating their state as it declares (one that
cannot move is reported and stays as it was).

  --db <dir | url>           the store: a PGlite data directory or postgres://... (or CAUSALITY_DB, DATABASE_URL)
  --until-idle               exit once no instance is left to step
  --batch <n>                instances claimed at a time (default: 16)
  --upgrade                  move running instances of older versions to the modules' versions first
  -h, --help                 this help
`,
  instances: `Usage: causality instances --db <dir | url> [--status <s>] [--definition <id>] [--limit N]

Lists the store's instances, most recently changed first: id, status, node, version, time, definition.

  --db <dir | url>           the store: a PGlite data directory or postgres://... (or CAUSALITY_DB, DATABASE_URL)
  --status <s>               only running, completed or failed instances
  --definition <id>          only instances of this definition id
  --limit <n>                at most n lines (default: 50)
  -h, --help                 this help
`,
  instance: `Usage: causality instance <id> --db <dir | url> [--upgrade <module.js>#<export>]

Shows one instance: definition and schema ids, status, node, input, state, output or error, and its
journal; exit 1 when the journal does not replay to the stored instance. With --upgrade, a running
instance first moves to the module's version of its dataflow, its state migrated as the module
declares; a refusal is reported with the instance and both ids (exit 1), the instance as it was.

  --db <dir | url>           the store: a PGlite data directory or postgres://... (or CAUSALITY_DB, DATABASE_URL)
  --upgrade <module#export>  move the instance to this module's version of its dataflow first
  -h, --help                 this help
`,
  ui: `Usage: causality ui --db <dir | url> [--port N] [--host H] [--allow-actions]

Serves the inspector, a read-only web UI over the store: definitions with their graphs and schema ids,
instances by status, definition and time, each instance's timeline with state diffs, validation
issues, effects and each effect's placement (every candidate domain's sub-scores and why it won or
lost), and schemas (TypeScript text, JSON Schema, where used, diffs). Prints a URL with a random
access token; answers only to local host names.

  --db <dir | url>           the store: a PGlite data directory or postgres://... (or CAUSALITY_DB, DATABASE_URL)
  --port <n>                 port to listen on (default: 4300; 0 picks a free one)
  --host <h>                 address to bind (default: 127.0.0.1)
  --allow-actions            buttons to cancel a running instance and retry a failed one (journaled
                             transitions; a worker carries a retried instance on)
  -h, --help                 this help
`,
};

// The architecture, as rules a machine checks (npm run check:deps; CI runs it). Layers point one way:
//
//   cli, server, lab  →  app  →  checks, store, config, sources, services, families  →  net  →  util, errors
//
// The HTTP server (src/server) sits beside the CLI; the CLI's `serve` command starts it. The lab sits beside the CLI: it assembles simulators, and nothing in production imports it or a simulator.
// docs/architecture.md explains each folder. Change the design, not these rules.

/** Production code: not a test, not a test helper, not the lab, not a simulator. */
const test = '(\\.test\\.ts$|^test/|/testing/)';
const labOrSimulator = '^src/lab/|/simulator/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'A cycle makes two modules one. The swc parser does not tell type-only imports apart, so type cycles count too (families/facts.ts avoids one with a registry interface).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'production-never-imports-the-lab',
      comment: 'The lab and the simulators are for trying and testing iotwarden; the product must work without them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [test, labOrSimulator, '^src/cli/'] },
      to: { path: labOrSimulator },
    },
    {
      name: 'cli-reaches-simulators-only-through-the-lab',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: test },
      to: { path: '/simulator/' },
    },
    {
      name: 'cli-definitions-load-implementations-lazily',
      comment:
        'Every command line loads every command definition (help, parsing, errors), so definitions stay cheap: a ' +
        "command's implementation (commands/*-run.ts) and what it needs (the store, the lab, use cases, output) are " +
        'loaded by a dynamic import() in its action, never statically (docs/decisions/lazy-commands.md).',
      severity: 'error',
      from: { path: '^src/cli/(main|run-cli|program|deps|help|option-help|commands/(?![^/]+-run\\.ts$)[^/]+)\\.ts$' },
      to: {
        path: [
          '^src/cli/commands/[^/]+-run\\.ts$',
          '^src/cli/(common-options|firmware-context)\\.ts$',
          '^src/cli/output/',
          '^src/(store|lab|sources|families|services)/',
        ],
        dependencyTypesNot: ['dynamic-import', 'type-only'],
      },
    },
    {
      name: 'cli-definitions-use-no-use-case',
      comment:
        'Command definitions name no use case either (the swc parser counts a type import too); a choice list they ' +
        'show in help comes from a small constant module (app/**/*-formats.ts). deps.ts only names catalogue types.',
      severity: 'error',
      from: { path: '^src/cli/(program|commands/(?![^/]+-run\\.ts$)[^/]+)\\.ts$' },
      to: { path: '^src/app/(?!.*-formats\\.ts$)' },
    },
    {
      name: 'app-does-not-know-the-cli',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'server-does-not-use-the-cli',
      comment:
        'The server and the CLI share use cases in src/app, never each other (only cli/commands/serve.ts starts the server).',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'server-reaches-simulators-never',
      severity: 'error',
      from: { path: '^src/server/', pathNot: test },
      to: { path: '^src/lab/|/simulator/' },
    },
    {
      name: 'middle-layer-does-not-reach-up',
      comment: 'checks, store, config, sources, services and families are used by app and cli, never the reverse.',
      severity: 'error',
      from: { path: '^src/(checks|store|config|sources|services|families)/' },
      to: { path: '^src/(app|cli|server)/' },
    },
    {
      name: 'families-and-services-do-not-use-storage-or-checks',
      comment: 'A family speaks to its devices; what is stored and what is judged about them is decided above it.',
      severity: 'error',
      from: { path: '^src/(services|families)/', pathNot: test },
      to: { path: '^src/(checks|store|config|sources)/' },
    },
    {
      name: 'checks-are-pure',
      comment: 'Checks read facts; they never open a socket or a database.',
      severity: 'error',
      from: { path: '^src/checks/', pathNot: test },
      to: { path: '^src/(net|store|sources)/' },
    },
    {
      name: 'sql-lives-in-store',
      comment:
        "One way into iotwarden's database: only src/store/ talks SQL. The exemptions are other programs' databases: " +
        "src/sources/pihole/ reads Pi-hole's FTL database (and its simulator serves one), and the lab writes such a " +
        'file for the demo and the benchmarks. Tests may build any database they need. The path form matches the ' +
        'resolved file whatever the node_modules layout (a symlinked install resolves outside the repository).',
      severity: 'error',
      from: {
        path: '^(src|bench)/',
        pathNot: [
          '^src/store/',
          '^src/sources/pihole/',
          '^src/lab/dns-traffic/(ftl-writer|lab-pihole-data)\\.ts$',
          test,
        ],
      },
      to: { path: '^(better-sqlite3|kysely)$|node_modules/(@types/)?(better-sqlite3|kysely)/' },
    },
    {
      name: 'net-knows-no-vendor',
      comment: 'net/ is vendor-neutral: families hand it their probes.',
      severity: 'error',
      from: { path: '^src/net/', pathNot: test },
      to: { path: '^src/(?!net/|util/|errors/)' },
    },
    {
      name: 'util-and-errors-are-the-floor',
      severity: 'error',
      from: { path: '^src/(util|errors)/' },
      to: { path: '^src/(?!util/|errors/)' },
    },
    {
      name: 'services-do-not-know-families',
      comment: 'Generic services (http, telnet, …) may use the shared device vocabulary, not a family folder.',
      severity: 'error',
      from: { path: '^src/services/', pathNot: test },
      to: { path: '^src/families/[^/]+/' },
    },
    {
      name: 'nothing-imports-the-dashboard',
      comment:
        'web/ is the browser dashboard: the server serves its build and never imports it. (web/ itself is not cruised: the swc parser here reads no TSX; test/web/dashboard-boundaries.test.ts checks that it imports nothing of the server.)',
      severity: 'error',
      from: { path: '^(src|bench)/' },
      to: { path: '^web/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: test },
      to: { path: test },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

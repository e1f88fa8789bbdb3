// dependency-cruiser rules: the dependency direction of DESIGN.md, checked in CI (`npm run depcheck`).
//
//   lib <- policy <- evaluation <- (iam, sts, organizations, imds) <- server, cli
//   sigv4/, protocol/, store/ know nothing of the operations; model/ sits on lib/ and policy/.
//
// Paths are matched as regular expressions against paths relative to the repository root
// (e.g. "src/policy/arn.ts", "node_modules/pg/lib/index.js"), so a folder that does not exist
// yet simply matches nothing. Type-only imports count (tsPreCompilationDeps): a layer that may
// not import another may not borrow its types either.

/** The operation packages: peers, wired together only by server/ and cli/. */
const OPERATIONS = '(iam|sts|organizations|imds)';

/** Database drivers and the query layer: only src/store may touch them. */
const DB_PACKAGES =
  '(^|/)node_modules/(@types/)?(better-sqlite3|pg|pg-[^/]+|kysely|postgres)/|^(better-sqlite3|pg|pg-[^/]+|kysely|postgres)(/|$)|^(node:)?sqlite$';

/** AGPL packages, installed as devDependencies for the benchmarks only. */
const AGPL_PACKAGES = '(^|/)node_modules/@cloud-copilot/iam-(simulate|policy|utils)/|^@cloud-copilot/iam-(simulate|policy|utils)(/|$)';

/** Node built-ins that do I/O or reach outside the process; the pure layers stay clear of them. */
const IO_BUILTINS =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|cluster|dgram|dns|dns/promises|tls|worker_threads|readline|repl|vm|inspector|process|os)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // --- the layers ------------------------------------------------------------------------
    {
      name: 'lib-is-a-leaf',
      comment: 'src/lib holds dependency-free helpers: it imports nothing from src/ outside src/lib.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'lib-has-no-packages',
      comment: 'src/lib is dependency-free: Node built-ins only, no npm packages.',
      severity: 'error',
      from: { path: '^src/lib/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'policy-only-lib',
      comment: 'src/policy (the policy language) imports only src/lib and itself.',
      severity: 'error',
      from: { path: '^src/policy/' },
      to: { path: '^src/', pathNot: '^src/(policy|lib)/' },
    },
    {
      name: 'evaluation-only-policy-lib',
      comment: 'src/evaluation (the decision engine) imports only src/policy, src/lib and itself.',
      severity: 'error',
      from: { path: '^src/evaluation/' },
      to: { path: '^src/', pathNot: '^src/(evaluation|policy|lib)/' },
    },
    {
      name: 'policy-evaluation-are-pure',
      comment: 'src/policy and src/evaluation are pure: no file system, network, processes or environment.',
      severity: 'error',
      from: { path: '^src/(policy|evaluation)/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'model-only-lib-policy',
      comment: 'src/model (entity types, id and ARN builders) imports only src/lib, src/policy and itself.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(model|lib|policy)/' },
    },
    {
      name: 'infrastructure-knows-no-operations',
      comment:
        'src/sigv4, src/protocol and src/store know nothing of the operations that use them ' +
        '(iam, sts, organizations, imds), of evaluation, or of server/cli.',
      severity: 'error',
      from: { path: '^src/(sigv4|protocol|store)/' },
      to: { path: `^src/(${OPERATIONS.slice(1, -1)}|evaluation|server|cli)/` },
    },
    {
      name: 'operations-not-server-cli',
      comment: 'iam, sts, organizations and imds never import src/server or src/cli (the composition roots).',
      severity: 'error',
      from: { path: `^src/${OPERATIONS}/` },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'operations-layered',
      comment:
        'IAM is the foundation the other services build on (STS assumes IAM roles, Organizations ' +
        'creates IAM roles in new accounts): sts, organizations and imds may use iam, iam uses none ' +
        'of them; sts and organizations do not import each other except organizations -> sts; imds is ' +
        'used by nobody but server/cli.',
      severity: 'error',
      from: { path: '^src/iam/' },
      to: { path: '^src/(sts|organizations|imds)/' },
    },
    {
      name: 'sts-not-organizations-or-imds',
      severity: 'error',
      from: { path: '^src/sts/' },
      to: { path: '^src/(organizations|imds)/' },
    },
    {
      name: 'organizations-not-imds',
      severity: 'error',
      from: { path: '^src/organizations/' },
      to: { path: '^src/imds/' },
    },
    {
      name: 'operations-use-the-store-port',
      comment:
        'The operations see the store only through its port, never a dialect, driver wrapper or ' +
        'migration file of src/store.',
      severity: 'error',
      from: { path: `^src/${OPERATIONS}/` },
      to: { path: '^src/store/.*(sqlite|postgres|dialect|migration|\\bpg\\b)' },
    },
    {
      name: 'only-server-cli-wire',
      comment: 'Nothing but src/server and src/cli imports src/server or src/cli.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli)/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-does-not-know-cli',
      comment: 'The CLI starts the server, not the other way round.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'db-drivers-only-in-store',
      comment: 'better-sqlite3, pg and the query layer appear only inside src/store: nothing outside it writes SQL.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: DB_PACKAGES },
    },

    // --- hygiene ---------------------------------------------------------------------------
    {
      name: 'no-circular',
      comment: 'Circular dependency: break it (move the shared part down a layer, or invert it with a port).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-agpl',
      comment:
        '@cloud-copilot/iam-simulate, iam-policy and iam-utils are AGPL and installed for the benchmarks ' +
        'only: nothing under src/ may import them (tests included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: AGPL_PACKAGES },
    },
    {
      name: 'src-not-test-bench',
      comment: 'src/ must not import from test/ or bench/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'Shipped code may not import a devDependency at run time (it is absent from production ' +
        'installs); *.test.ts files may.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },
    {
      name: 'no-non-package-json',
      comment: 'This imports an npm package that is not in package.json: add it (dependencies, or devDependencies for tests).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'This import cannot be resolved to a file (a typo, a missing package, or .ts where .js is meant).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-deprecated-core',
      comment: 'A deprecated Node built-in module.',
      severity: 'error',
      from: {},
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(punycode|domain|constants|sys|_linklist|_stream_wrap)$',
      },
    },
  ],

  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(dist|coverage)/' },
    // Count `import type` too, so a layer cannot borrow another's types either.
    tsPreCompilationDeps: true,
    // Resolves `./x.js` to `./x.ts` the way tsc (NodeNext) does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

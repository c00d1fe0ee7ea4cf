import { JsonFile, javascript, TextFile, typescript } from 'projen';

// cdk8s: one entry point per cdk8s-plus line (src/<line>/: thin classes over src/cdk8s-common/), as cdk8s-plus publishes
// one package per line. No unversioned alias: it would move to another line, and change synthesized output and prop
// types, on a graceful-k8s minor upgrade.
const CDK8S_PLUS_LINES = ['cdk8s-plus-27', 'cdk8s-plus-32', 'cdk8s-plus-33', 'cdk8s-plus-34'];

// A plain TypeScriptProject, not a jsii project: the Pulumi adapter uses Pulumi's generic
// `Input<T>` types, which jsii cannot represent (see DESIGN.md §7).
const project = new typescript.TypeScriptProject({
  name: 'graceful-k8s',
  description:
    'Zero-drop Kubernetes pod shutdown: one consistent preStop / grace period / rollout plan, rendered for cdk8s and Pulumi.',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  // No GitHub here: CI is `.ci/run` (npm ci && npm test).
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  // The peers below are declared once each; tests run against the pinned dev versions.
  peerDependencyOptions: { pinnedDevDependency: false },
  peerDeps: [
    'cdk8s@^2.68.0',
    'cdk8s-plus-27@^2.9.0',
    // cdk8s (cdk8s-plus lines): every maintained cdk8s-plus line has its own entry point
    // (graceful-k8s/cdk8s-plus-3x); the floor is the version the tests run against.
    'cdk8s-plus-32@^2.5.92',
    'cdk8s-plus-33@^2.5.57',
    'cdk8s-plus-34@^2.0.54',
    'constructs@^10.3.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
    // The Pulumi policy pack (graceful-k8s/pulumi-policy, docs/pulumi-policy.md); 1.21 is the version the e2e engine test runs.
    '@pulumi/policy@^1.21.0',
  ],
  // The CLI's only runtime dependencies (commander 15 needs Node 22).
  deps: ['yaml@^2.9.0', 'commander@^14.0.0'],
  // The bundle post-compile writes (below): one file, so `graceful-k8s audit` starts without resolving ~150 modules.
  bin: { 'graceful-k8s': 'lib/cli/graceful-k8s.js' },
  devDeps: [
    'cdk8s@2.70.106',
    'cdk8s-plus-27@2.9.5',
    // cdk8s (cdk8s-plus lines): the newest of each maintained line; each asks cdk8s ^2.68.11 and constructs ^10.3.0.
    'cdk8s-plus-32@2.5.92',
    'cdk8s-plus-33@2.5.57',
    'cdk8s-plus-34@2.0.54',
    'constructs@10.8.1',
    // @pulumi/pulumi >= 3.249 requires Node 22; this project supports Node 20.
    '@pulumi/pulumi@~3.248.0',
    // The Kubernetes provider the e2e engine suite builds from Go modules is v4.25.0 (scripts/pulumi-engine.sh): the SDK matches it.
    '@pulumi/kubernetes@4.25.0',
    // 5.x requires Node 22 and is ESM-only; 4.5.x carries the Kubernetes 1.33 schema (DESIGN.md §7).
    'kubernetes-models@~4.5.1',
    'fast-check@^4.3.0',
    // The policy pack's framework (docs/pulumi-policy.md), pinned to the version test/e2e/plugins runs on the engine.
    '@pulumi/policy@1.21.0',
    // The real cdk8s CLI that test/e2e/plugins runs `cdk8s synth` with, and whose lib/plugins/*.d.ts the
    // validation plugin's structural types follow (docs/cdk8s-validation.md).
    'cdk8s-cli@2.207.60',
    // Tests of the audit's CI formats: JUnit XML parsed by a real XML parser; SARIF validated against the SARIF
    // 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json) that @microsoft/jest-sarif ships with its toBeValidSarifLog matcher.
    'fast-xml-parser@^5.3.0',
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // Bundles the CLI into lib/cli/graceful-k8s.js at build time (post-compile), never committed.
    'esbuild@0.28.2',
  ],

  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
    },
  },

  // `npm test` lints; it must not rewrite files (a clean clone stays clean).
  eslintOptions: { dirs: ['src', 'test', 'examples', 'bench'], commandOptions: { fix: false } },

  jestOptions: {
    // `jest --updateSnapshot` rewrites snapshots and can never fail: CI must compare them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Examples and tests import the package by its public names; map them to the sources.
      moduleNameMapper: {
        '^graceful-k8s$': '<rootDir>/src/index.ts',
        [`^graceful-k8s/(${[...CDK8S_PLUS_LINES, 'pulumi', 'audit', 'cdk8s-validation', 'pulumi-policy'].join('|')})$`]: '<rootDir>/src/$1/index.ts',
      },
      testTimeout: 60_000,
      // Jest's default on 2 cores is 1 worker; the rehearse suites mostly wait on real timers, so 2 workers
      // halve the run (measured: ~150 s -> ~70 s) and those suites still pass with both cores busy.
      maxWorkers: 2,
      // Builds lib/ once (incremental) before any test: the tests that load the package through its
      // `exports` (lib/) pass on a fresh clone's `npx jest` too, and no test compiles by itself.
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  },
});

// Tests live in test/ only: the default pattern also matches src/core/spec.ts.
project.package.file.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);
// test/e2e/ holds the end-to-end suites (real API servers, a real Pulumi engine, packed-package consumer
// projects): they need built components and minutes, so `npm test` skips them and `npm run test:e2e` runs them.
// test/bench/run.test.ts runs `npm run bench` end to end with tiny sizes (a Pulumi engine included, about 40 s
// alone and minutes on a busy machine): a check of the benchmark scripts, not of the package, so `npm test`
// skips it and `npm run test:bench` runs it (.ci/run does). The bench code's unit tests (test/bench/*) stay.
const BENCH_RUN_TEST = '<rootDir>/test/bench/run.test.ts';
project.package.file.addOverride('jest.testPathIgnorePatterns', ['/node_modules/', '<rootDir>/test/e2e/', BENCH_RUN_TEST]);

// Optional peers: the core needs none of them, the cdk8s adapter needs the cdk8s trio,
// the Pulumi adapter needs the Pulumi pair.
project.package.addField('peerDependenciesMeta', {
  'cdk8s': { optional: true },
  'cdk8s-plus-27': { optional: true },
  'cdk8s-plus-32': { optional: true },
  'cdk8s-plus-33': { optional: true },
  'cdk8s-plus-34': { optional: true },
  'constructs': { optional: true },
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
  '@pulumi/policy': { optional: true },
});

// The registry this project installs from serves every platform binding of unrs-resolver (used by
// jest 30 and eslint-import-resolver-typescript) at 1.12.2 but not at 1.13.0; without the pin, the lock file
// misses the other platforms' optional entries and `npm ci` refuses it.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Subpath exports: importing one adapter never loads the other (tested in test/exports.test.ts).
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  ...Object.fromEntries(CDK8S_PLUS_LINES.map((line) => [`./${line}`, { types: `./lib/${line}/index.d.ts`, default: `./lib/${line}/index.js` }])),
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  // The audit engine, for policy packs, validation plugins and editors (no framework code).
  './audit': { types: './lib/audit/index.d.ts', default: './lib/audit/index.js' },
  // The audit as a cdk8s-cli validation plugin (no cdk8s-cli import) and as a Pulumi CrossGuard policy pack.
  './cdk8s-validation': { types: './lib/cdk8s-validation/index.d.ts', default: './lib/cdk8s-validation/index.js' },
  './pulumi-policy': { types: './lib/pulumi-policy/index.d.ts', default: './lib/pulumi-policy/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': {
    ...Object.fromEntries(CDK8S_PLUS_LINES.map((line) => [line, [`lib/${line}/index.d.ts`]])),
    'pulumi': ['lib/pulumi/index.d.ts'],
    'audit': ['lib/audit/index.d.ts'],
    'cdk8s-validation': ['lib/cdk8s-validation/index.d.ts'],
    'pulumi-policy': ['lib/pulumi-policy/index.d.ts'],
  },
});

// Type-check the examples against the sources, as a user would import them.
const examplesTsconfig = new javascript.TypescriptConfig(project, {
  fileName: 'examples/tsconfig.json',
  compilerOptions: {
    ...project.tsconfig!.compilerOptions,
    rootDir: '..',
    outDir: undefined,
    noEmit: true,
    paths: {
      'graceful-k8s': ['../src/index.ts'],
      'graceful-k8s/*': ['../src/*/index.ts'],
    },
  },
  include: ['**/*.ts'],
  exclude: ['pulumi/node_modules', 'cdk8s-app/node_modules', 'cdk8s-validation/node_modules'],
});

// The test tsconfig resolves the public names too. isolatedModules: ts-jest only transpiles each file;
// `npm test` type-checks the tests once with `tsc -p test/tsconfig.json` (one program instead of one
// per test file: jest runs in about two thirds of the time).
project.tryFindObjectFile('test/tsconfig.json')?.addOverride('compilerOptions.isolatedModules', true);
project.tryFindObjectFile('test/tsconfig.json')?.addOverride('compilerOptions.paths', {
  'graceful-k8s': ['../src/index.ts'],
  'graceful-k8s/*': ['../src/*/index.ts'],
});

// `npm test`: compile (so lib/ exists for the fresh-process import tests), type-check the
// examples and the tests, run jest (snapshots compared, never written), then lint.
// Compiled once: jest's globalSetup (test/global-setup.ts) builds lib/ for a bare `npx jest`, and skips that
// when the task that runs jest has just compiled (LIB_BUILT_BY_TASK).
const LIB_BUILT_BY_TASK = 'GRACEFUL_K8S_LIB_BUILT_BY_TASK';
const testTask = project.tasks.tryFind('test')!;
testTask.reset();
testTask.env(LIB_BUILT_BY_TASK, '1');
testTask.spawn(project.compileTask);
testTask.spawn(project.postCompileTask); // the bundled bin, which test/cli/binary.test.ts runs
testTask.exec(`tsc -p ${examplesTsconfig.fileName}`);
testTask.exec('tsc -p test/tsconfig.json');
testTask.exec('jest --passWithNoTests --ci');
testTask.spawn(project.tasks.tryFind('eslint')!);

// `npm run synth`: build the package, then synthesize every example to dist/*.k8s.yaml and print
// each example's shutdown timeline.
project.addTask('synth', {
  description: 'Synthesize the examples to dist/*.k8s.yaml and print their shutdown timelines',
  steps: [{ spawn: 'compile' }, { exec: 'ts-node --transpile-only -P examples/tsconfig.json examples/synth.ts' }],
});

// `npm run api-report`: rewrite docs/api/*.api.md, the record of the public API (test/api checks it is current).
project.addTask('api-report', {
  description: 'Rewrite docs/api/*.api.md, the report of every entry point\'s public API',
  steps: [{ exec: 'ts-node --transpile-only -P test/tsconfig.json test/api/api-report.ts' }],
});

// `npm run bench`: figures printed by scripts, never timed unit tests (bench/README.md).
project.addTask('bench', {
  description: 'Run the benchmarks in bench/ and print their tables',
  steps: [{ spawn: 'compile' }, { spawn: 'post-compile' }, { exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts', receiveArgs: true }],
});

// `npm run test:bench`: the benchmark scripts end to end with tiny sizes (test/bench/run.test.ts, left out of
// `npm test`); asserts what was built and loaded, never how long it took.
const testBench = project.addTask('test:bench', {
  description: 'Run `npm run bench` end to end with tiny sizes (test/bench/run.test.ts; not part of npm test)',
  steps: [
    { spawn: 'compile' },
    { exec: `jest --ci --coverage=false --testPathIgnorePatterns /node_modules/ --testMatch '${BENCH_RUN_TEST}'`, receiveArgs: true },
  ],
});
testBench.env(LIB_BUILT_BY_TASK, '1');

// `npm run readme`: rewrite the output blocks of README.md and docs/*.md from their directives (test/readme/);
// `npm test` checks them.
project.addTask('readme', {
  description: 'Regenerate the real-output blocks of README.md and docs/*.md',
  steps: [{ exec: 'ts-node --transpile-only -P test/tsconfig.json test/readme/update-readme.ts', receiveArgs: true }],
});

// The CLI as one file (bin): lib/cli/main.js and everything it requires, yaml and commander included, bundled by
// esbuild after tsc. Loading one 0.8 MB file instead of ~150 modules cuts `graceful-k8s audit`'s start from about
// 2.4x to 1.6x the CPU time of `node -e 0` (bench/cli-peers.ts, docs/ci-formats.md). Commands stay lazy: esbuild
// keeps each require()d module's body in a function run on first require. Not minified: stack traces in an
// internal-error report stay readable.
const BUNDLE_CLI = 'esbuild lib/cli/main.js --bundle --platform=node --target=node20 --outfile=lib/cli/graceful-k8s.js --log-level=warning';
project.postCompileTask.exec(BUNDLE_CLI);

// `npm run docs:rules`: rewrite docs/audit-rules.md from the rules' metadata (SARIF helpUri points there);
// test/docs/audit-rules-doc.test.ts fails when it is stale.
project.addTask('docs:rules', {
  description: 'Regenerate docs/audit-rules.md from the audit rules in src/audit',
  steps: [{ exec: 'ts-node --transpile-only -P test/tsconfig.json test/docs/update-audit-rules-doc.ts' }],
});

// `npm run test:e2e`: the end-to-end suites in test/e2e/ (see test/e2e/README.md), one at a time.
project.addTask('test:e2e', {
  description: 'End-to-end tests: real API servers, a real Pulumi engine, the packed package in consumer projects',
  steps: [{ spawn: 'compile' }, { exec: 'jest --ci --config test/e2e/jest.config.js', receiveArgs: true }],
});

// `npm run test:e2e:node`: the real single-node cluster (scripts/node.sh: kubelet, kube-proxy, containerd on this
// machine; root on Linux) and every preStop mechanism naive vs planned under load (test/e2e/README.md "Real node").
// Apart from test:e2e because it needs root and changes the host (bridge, iptables, sysctls) while it runs.
project.addTask('test:e2e:node', {
  description: 'Real-node tests (root): kubelet, kube-proxy and containerd on this machine, naive vs planned shutdown under load',
  steps: [{ spawn: 'compile' }, { exec: 'jest --ci --config test/e2e/node/jest.config.js', receiveArgs: true }],
});

// --- The published package (issue 13) ---
// A real version; bumped by hand with CHANGELOG.md (release steps in CONTRIBUTING.md: projen's release
// tasks derive the version from git tags and conventional commits and publish from CI workflows, which
// this project has neither of).
project.package.addVersion('0.1.0');
// `npm pack`/`npm publish` run `prepack`: a fresh clone packs a package with lib/ (npm docs, "Life Cycle
// Scripts"). An install from git does not: npm installs the clone's devDependencies and then packs it running
// only `prepare` (npm's pacote, lib/dir.js #prepareDir: "we *only* run prepare"), so it would get no lib/. The
// README therefore offers the tarball, not git (issue 25); a `prepare` script would build on every `npm ci` here.
// The bin is the bundle, so prepack writes it too (the cold CI run's consumer e2e found a tarball without it).
project.package.setScript('prepack', `tsc --build && ${BUNDLE_CLI}`);
// The tarball holds lib/, the README, the CHANGELOG, the user docs and the example apps `rehearse` runs;
// no benchmarks, CI scripts, tests or example programs that import the sources.
project.npmignore?.exclude('/bench/', '/.ci/', '/examples/*', '/CONTRIBUTING.md', '/scripts/', '*.tgz', '/lib/**/*.tsbuildinfo');
project.npmignore?.include('/examples/apps/');

project.eslint?.addIgnorePattern('examples/pulumi/node_modules');
project.eslint?.addIgnorePattern('examples/cdk8s-app/node_modules');
project.eslint?.addIgnorePattern('examples/cdk8s-validation/node_modules');
project.eslint?.addIgnorePattern('examples/pulumi-policy/node_modules');
// examples/pulumi, examples/cdk8s-app, examples/cdk8s-validation and examples/pulumi-policy are standalone projects (their own package.json and tsconfig.json;
// `npm test` in the Pulumi one runs node:test, whose test() returns a promise by design). Their tsconfigs
// resolve graceful-k8s from their own node_modules, which the repository does not install: the root
// type-checks them through examples/tsconfig.json, and test/e2e/consumer installs them from the packed package.
project.eslint?.addOverride({
  files: ['examples/pulumi/**/*.ts', 'examples/cdk8s-app/**/*.ts', 'examples/cdk8s-validation/**/*.ts', 'examples/pulumi-policy/**/*.ts'],
  rules: { '@typescript-eslint/no-floating-promises': 'off', 'import/no-unresolved': 'off' },
});
// npm pack's tarball, and the example project's install (it depends on that tarball).
project.gitignore.exclude(
  '/*.tgz',
  '/examples/pulumi/node_modules/',
  '/examples/pulumi/package-lock.json',
  '/examples/cdk8s-app/node_modules/',
  '/examples/cdk8s-app/package-lock.json',
  '/examples/cdk8s-app/dist/',
  // The plugin examples (test/e2e/plugins copies them to a temp folder; a user installs them in place).
  '/examples/cdk8s-validation/node_modules/',
  '/examples/cdk8s-validation/package-lock.json',
  '/examples/cdk8s-validation/dist/',
  '/examples/pulumi-policy/node_modules/',
  '/examples/pulumi-policy/package-lock.json',
);
project.gitignore.exclude('/dist/', '/lib/', '/test-reports/', '/coverage/');

// --- The jsii construct package for cdk8s-plus-34 (issue 18): Python, Java, Go and .NET users ---
// jsii/ is its own npm package (own package-lock.json and node_modules): jsii, jsii-pacmak and the cdk8s trio stay
// out of the root's dependencies, and the root's Pulumi and CLI stay out of the jsii assembly. The core and the cdk8s
// glue reach it as sources: jsii/generate-glue.sh writes src/core, src/cdk8s-common and the cdk8s-plus-34 line's
// props into the git-ignored jsii/src/generated/ at build time, and jsii compiles them into the package (the root
// package's published types leave out the @internal core functions the glue calls, so a bundled graceful-k8s would
// not do). Their types never appear in the jsii API unless jsii/src/index.ts exports them.
const JSII_DIR = 'jsii';
const JSII_PEERS = { 'cdk8s': '2.70.106', 'cdk8s-plus-34': '2.0.54', 'constructs': '10.8.1' };
new JsonFile(project, `${JSII_DIR}/package.json`, {
  obj: {
    name: 'graceful-k8s-cdk8s-plus-34',
    // The root package's version: both are released together (CONTRIBUTING.md).
    version: project.package.manifest.version,
    description: 'Zero-drop Kubernetes pod shutdown for cdk8s-plus-34: GracefulDeployment and GracefulStatefulSet for TypeScript, Python, Java, Go and .NET.',
    license: 'Apache-2.0',
    author: { name: 'graceful-k8s contributors', organization: false },
    repository: { type: 'git', url: 'https://github.com/graceful-k8s/graceful-k8s.git', directory: JSII_DIR },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    engines: { node: '>= 20.16.0' },
    // jsii asks for a dev dependency at each peer's lowest version; the Python/Java/Go packages require these too.
    peerDependencies: Object.fromEntries(Object.entries(JSII_PEERS).map(([name, version]) => [name, `^${version}`])),
    devDependencies: {
      ...JSII_PEERS,
      // jsii 6.0 compiles with TypeScript 6.0 (this project's) and runs on Node >= 20.16; pacmak 1.140 is its pair.
      'jsii': '6.0.16',
      'jsii-pacmak': '1.140.0',
    },
    jsii: {
      outdir: 'dist',
      tsc: { outDir: 'lib', rootDir: 'src' },
      targets: {
        python: { distName: 'graceful-k8s-cdk8s-plus-34', module: 'graceful_k8s_cdk8s_plus_34' },
        java: {
          package: 'io.github.gracefulk8s.cdk8splus34',
          maven: { groupId: 'io.github.graceful-k8s', artifactId: 'graceful-k8s-cdk8s-plus-34' },
        },
        go: { moduleName: 'github.com/graceful-k8s/graceful-k8s-go', packageName: 'gracefulk8scdk8splus34' },
        dotnet: { namespace: 'GracefulK8s.Cdk8sPlus34', packageId: 'GracefulK8s.Cdk8sPlus34' },
      },
    },
  },
});
// What jsii-pacmak writes into .npmignore when it is missing (kept as it writes it, so a build leaves git clean).
new TextFile(project, `${JSII_DIR}/.npmignore`, {
  lines: ['', '# Exclude typescript source and config', '*.ts', 'tsconfig.json', '*.tsbuildinfo', '', '# Include javascript files and typescript declarations',
    '!*.js', '!*.d.ts', '', '# Exclude jsii outdir', 'dist', '', '# Include .jsii and .jsii.gz', '!.jsii', '!.jsii.gz'],
  marker: false,
});
// jsii/src/generated/: the glue jsii compiles, written from src/ at build time by jsii/generate-glue.sh (never committed).
project.gitignore.exclude(
  `/${JSII_DIR}/lib/`, `/${JSII_DIR}/dist/`, `/${JSII_DIR}/.jsii`, `/${JSII_DIR}/tsconfig.json`, `/${JSII_DIR}/tsconfig.tsbuildinfo`,
  `/${JSII_DIR}/src/generated/`,
);
// The root package never ships the jsii package (whose node_modules would otherwise end up in the bundled copy).
project.npmignore?.exclude(`/${JSII_DIR}/`);
// `npm run package:python|java|go`: the jsii package's npm tarball plus one language's package, in jsii/dist/.
for (const target of ['python', 'java', 'go']) {
  project.addTask(`package:${target}`, {
    description: `Build the jsii package for cdk8s-plus-34 and its ${target} package (jsii/dist/${target}/)`,
    steps: [{ spawn: 'compile' }, { exec: `bash ${JSII_DIR}/build.sh ${target}` }],
  });
}
// `npm run test:python`: the wheel in a fresh venv with cdk8s and cdk8s-plus-34 from PyPI, the Python examples, the
// README's Python program and the parity with the TypeScript twins (test/python/, pytest). `.ci/run` runs it.
project.addTask('test:python', {
  description: 'Build the Python wheel, install it in a fresh venv and run test/python (examples, README program, parity with TypeScript)',
  steps: [{ spawn: 'compile' }, { exec: `bash ${JSII_DIR}/test-python.sh`, receiveArgs: true }],
});
// The TypeScript twins of the Python examples import the jsii package, which the root does not install: the Python
// test compiles them in a consumer project of their own.
examplesTsconfig.addExclude('python');
// The policy pack example imports @pulumi/policy, whose index.d.ts re-exports two names its proxy.d.ts does not declare:
// it compiles with its own tsconfig (skipLibCheck, as a policy pack project would), in test/e2e/plugins/pulumi-policy.test.ts.
examplesTsconfig.addExclude('pulumi-policy');
project.eslint?.addIgnorePattern('examples/python/');
project.gitignore.exclude('__pycache__/');

project.synth();

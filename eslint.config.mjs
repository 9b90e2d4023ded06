import nx from '@nx/eslint-plugin';

const FRAMEWORKS = ['@nestjs/*', 'amqplib', 'amqp-connection-manager', 'typeorm', 'pg', 'express', 'nestjs-pino'];

/** What a service's code may build on: the pure layers, the contracts and the shared NestJS libs. */
const SERVICE_LAYERS = ['type:domain', 'type:codec', 'type:rules', 'type:connector', 'type:contracts', 'type:messaging', 'type:persistence', 'type:platform'];

/**
 * What the root module of an app that is only wiring composes: its feature lib's modules with the
 * platform, the broker and the database. Controllers, consumers, stores, entities and outbound
 * clients belong in the feature lib, so an app tagged `layout:wiring` imports none of these.
 */
const NOT_WIRING = ['typeorm', '@nestjs/typeorm', '@nestjs/microservices', '@nestjs/swagger', 'class-validator', 'class-transformer', 'pg', 'express', 'nodemailer'];

/**
 * The layering of the hub (docs/architecture.md). Tests may also use the testing lib, which
 * brings the real-broker/database helpers and the simulators.
 */
function boundaries(inTests) {
  const t = (tags) => (inTests ? [...tags, 'type:testing', 'type:simulator'] : tags);
  return {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: [
      // Pure libs: no framework, broker or database client.
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: t(['type:domain', 'type:codec']), bannedExternalImports: FRAMEWORKS },
      { sourceTag: 'type:codec', onlyDependOnLibsWithTags: t(['type:codec']), bannedExternalImports: FRAMEWORKS },
      { sourceTag: 'type:rules', onlyDependOnLibsWithTags: t(['type:domain', 'type:contracts']), bannedExternalImports: FRAMEWORKS },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: t(['type:domain']), bannedExternalImports: FRAMEWORKS },
      // Pure CRM connector logic (request building, answer classification, cascades over a port).
      { sourceTag: 'type:connector', onlyDependOnLibsWithTags: t(['type:domain', 'type:codec', 'type:contracts']), bannedExternalImports: FRAMEWORKS },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: t([]), bannedExternalImports: ['amqplib', 'typeorm', 'pg'] },
      { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: t(['type:messaging', 'type:platform', 'type:contracts', 'type:domain']), bannedExternalImports: ['typeorm', 'pg'] },
      { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: t(['type:platform']), bannedExternalImports: ['amqplib'] },
      { sourceTag: 'type:simulator', onlyDependOnLibsWithTags: t(['type:codec', 'type:domain']), bannedExternalImports: FRAMEWORKS },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:testing', 'type:platform', 'type:messaging', 'type:persistence', 'type:simulator', 'type:domain', 'type:contracts', 'type:codec'],
      },
      // A service's behaviour (NestJS modules, controllers, consumers, stores, entities, migrations):
      // never another service's feature lib, nor the broker client directly.
      { sourceTag: 'type:feature', onlyDependOnLibsWithTags: t(SERVICE_LAYERS), bannedExternalImports: ['amqplib', 'amqp-connection-manager'] },
      // Apps are wiring: they never import each other, nor the broker client directly.
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: t([...SERVICE_LAYERS, 'type:feature']),
        bannedExternalImports: ['amqplib', 'amqp-connection-manager'],
      },
      // An app whose behaviour lives in its feature lib: main.ts and a root module (its tests may use more).
      ...(inTests
        ? []
        : [{ sourceTag: 'layout:wiring', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:messaging', 'type:persistence', 'type:contracts'], bannedExternalImports: NOT_WIRING }]),
      // One CRM's code never reaches into the other's.
      { sourceTag: 'scope:ontraport', onlyDependOnLibsWithTags: ['scope:ontraport', 'scope:shared', 'scope:tools'] },
      { sourceTag: 'scope:infusionsoft', onlyDependOnLibsWithTags: ['scope:infusionsoft', 'scope:shared', 'scope:tools'] },
      { sourceTag: 'scope:ontraport-connector', onlyDependOnLibsWithTags: ['scope:ontraport', 'scope:shared'] },
      { sourceTag: 'scope:infusionsoft-connector', onlyDependOnLibsWithTags: ['scope:infusionsoft', 'scope:shared'] },
      { sourceTag: 'scope:mapping', onlyDependOnLibsWithTags: ['scope:mapping', 'scope:shared'] },
      { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:ingest', 'scope:shared'] },
      { sourceTag: 'scope:order-import', onlyDependOnLibsWithTags: ['scope:order-import', 'scope:shared'] },
      { sourceTag: 'scope:audit-log', onlyDependOnLibsWithTags: ['scope:audit-log', 'scope:shared'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
      {
        sourceTag: 'type:tool',
        onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:platform', 'type:persistence', 'type:messaging', 'type:simulator', 'type:codec', 'type:testing'],
      },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:tool', 'type:testing', 'type:simulator', 'type:platform', 'type:domain', 'type:contracts'] },
      // Benchmarks start real services through the dev tools and drive them like the outside world would.
      // type:messaging: benches publish the way services do (the audit bench through TransmissionRecorder).
      { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:tool', 'type:testing', 'type:platform', 'type:domain', 'type:contracts', 'type:messaging'] },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', 'scope:ontraport', 'scope:infusionsoft'] },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/coverage', 'tmp'],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      // Config and entity classes annotate literal-initialised fields so decorator metadata has a type.
      '@typescript-eslint/no-inferrable-types': ['error', { ignoreProperties: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
];

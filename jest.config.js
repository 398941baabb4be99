// Tiers by file suffix: *.unit.spec.ts (pure logic), *.int.spec.ts (real PostgreSQL/Kafka), test/e2e/*.e2e.spec.ts.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@continuum/kernel/testing$': '<rootDir>/libs/kernel/src/testing/decider-specification.ts',
  '^@continuum/([a-z-]+)$': '<rootDir>/libs/$1/src',
};

const tier = (displayName, testMatch) => ({
  displayName,
  rootDir: __dirname,
  testMatch,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    tier('unit', ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts']),
    tier('int', ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts']),
    tier('e2e', ['<rootDir>/test/e2e/**/*.e2e.spec.ts']),
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};

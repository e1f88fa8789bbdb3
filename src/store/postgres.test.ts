// The store contract on PostgreSQL, each run in a schema of its own (dropped at the end) of the
// database TESSERA_TEST_DATABASE_URL names; CI points it at a fresh database. Without it the
// suite is skipped, saying so.
import { randomBytes } from 'node:crypto';
import { dropPostgresSchema, postgresDialect } from './postgres.js';
import { storeSuite, type TestDatabase } from './store-suite.js';
import { providersCertificatesSuite } from './test-suite-providers-certificates.js';
import { accountSuite } from './test-suite-account.js';
import { userCredentialsSuite } from './test-suite-user-credentials.js';
import { mfaDeviceSuite } from './test-suite-mfa.js';
import { organizationsSuite } from './test-suite-organizations.js';

const url = process.env.TESSERA_TEST_DATABASE_URL;
const options = { skip: url ? false : 'TESSERA_TEST_DATABASE_URL not set: PostgreSQL store suite skipped' } as const;

/** A schema of its own in the test database, dropped by destroy(). */
async function freshSchema(): Promise<TestDatabase> {
  const schema = `tessera_test_${randomBytes(6).toString('hex')}`;
  return {
    openDialect: () => postgresDialect({ url: url!, schema, poolSize: 12 }),
    destroy: () => dropPostgresSchema(url!, schema),
  };
}

storeSuite('postgres', freshSchema, options);
accountSuite('postgres', freshSchema, options);
userCredentialsSuite('postgres', freshSchema, options);
providersCertificatesSuite('postgres', freshSchema, options);
mfaDeviceSuite('postgres', freshSchema, options);
organizationsSuite('postgres', freshSchema, options);

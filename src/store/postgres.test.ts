// The store contract on PostgreSQL, each run in a schema of its own (dropped at the end) of the
// database TESSERA_TEST_DATABASE_URL names; CI points it at a fresh database. Without it the
// suite is skipped, saying so.
import { randomBytes } from 'node:crypto';
import { dropPostgresSchema, postgresDialect } from './postgres.js';
import { storeSuite } from './store-suite.js';

const url = process.env.TESSERA_TEST_DATABASE_URL;

storeSuite(
  'postgres',
  async () => {
    const schema = `tessera_test_${randomBytes(6).toString('hex')}`;
    return {
      openDialect: () => postgresDialect({ url: url!, schema, poolSize: 12 }),
      destroy: () => dropPostgresSchema(url!, schema),
    };
  },
  { skip: url ? false : 'TESSERA_TEST_DATABASE_URL not set: PostgreSQL store suite skipped' },
);

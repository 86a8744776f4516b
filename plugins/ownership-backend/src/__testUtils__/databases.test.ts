import { TestDatabases } from '@backstage/backend-test-utils';
import { assertPostgresWhenRequired } from './databases';

describe('test databases', () => {
  const ids = TestDatabases.create()
    .eachSupportedId()
    .map(([id]) => id);

  it('include PostgreSQL when OWNERSHIP_REQUIRE_POSTGRES=1', () => {
    expect(() => assertPostgresWhenRequired(ids)).not.toThrow();
  });

  it('include PostgreSQL whenever a PostgreSQL connection string is set', () => {
    const configured = Object.keys(process.env).filter(key =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(key),
    );
    const postgresIds = ids.filter(id => id.startsWith('POSTGRES'));
    expect(postgresIds.length > 0).toBe(configured.length > 0);
  });

  it('fail loudly when PostgreSQL is required but missing', () => {
    const saved = process.env.OWNERSHIP_REQUIRE_POSTGRES;
    process.env.OWNERSHIP_REQUIRE_POSTGRES = '1';
    try {
      expect(() => assertPostgresWhenRequired(['SQLITE_3'])).toThrow(
        /OWNERSHIP_REQUIRE_POSTGRES=1/,
      );
      expect(() =>
        assertPostgresWhenRequired(['POSTGRES_15', 'SQLITE_3']),
      ).not.toThrow();
    } finally {
      if (saved === undefined) {
        delete process.env.OWNERSHIP_REQUIRE_POSTGRES;
      } else {
        process.env.OWNERSHIP_REQUIRE_POSTGRES = saved;
      }
    }
  });
});

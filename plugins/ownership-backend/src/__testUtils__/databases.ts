import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * `TestDatabases.create()` that refuses to silently test SQLite only: with
 * OWNERSHIP_REQUIRE_POSTGRES=1 (as in CI) it throws when no PostgreSQL is
 * available, which happens when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is unset and Docker is
 * disabled.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create();
  assertPostgresWhenRequired(databases.eachSupportedId().map(([id]) => id));
  return databases;
}

export function assertPostgresWhenRequired(ids: TestDatabaseId[]) {
  if (
    process.env.OWNERSHIP_REQUIRE_POSTGRES === '1' &&
    !ids.some(id => id.startsWith('POSTGRES'))
  ) {
    throw new Error(
      `OWNERSHIP_REQUIRE_POSTGRES=1 but the test databases are only ${ids.join(
        ', ',
      )}: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (and BACKSTAGE_TEST_DISABLE_DOCKER=1) to a running PostgreSQL`,
    );
  }
}

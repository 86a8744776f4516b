import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@service-ownership/plugin-ownership-backend',
  'migrations',
);

const clients = new WeakMap<DatabaseService, Promise<Knex>>();

/**
 * The plugin's database client, migrated to the latest schema unless
 * `database.migrations.skip` is set. Every feature's store opens the
 * database through it, so the migrations run once per database service.
 */
export function getMigratedClient(
  database: Pick<DatabaseService, 'getClient' | 'migrations'>,
): Promise<Knex> {
  const key = database as DatabaseService;
  let client = clients.get(key);
  if (!client) {
    client = (async () => {
      const knex = await database.getClient();
      if (!database.migrations?.skip) {
        await knex.migrate.latest({ directory: migrationsDir });
      }
      return knex;
    })();
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

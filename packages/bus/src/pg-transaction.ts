import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in a transaction on a connection of the pool. pg emits 'error' on a checked-out connection that
 * drops (a database restart, a network cut), and pg-pool listens only on idle ones: unheard, that error would
 * end the process. Here it is heard; the query in flight fails with it and the connection is thrown away.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!broken) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

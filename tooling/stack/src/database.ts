import { mkdir } from 'node:fs/promises';
import pg from 'pg';

export interface DatabaseHandle {
  url: string;
  kind: 'postgresql' | 'embedded-pglite';
  close(): Promise<void>;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database named in `url` on its server when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * The real PostgreSQL when its server answers; otherwise an embedded PGlite engine served over the wire
 * protocol (a laptop fallback: it serialises connections, so it is slow under load).
 */
export async function provideDatabase(
  url: string,
  embeddedDataDir: string,
  embeddedPort: number,
): Promise<DatabaseHandle> {
  const server = new URL(url);
  server.pathname = '/postgres';
  if (await canConnect(server.toString())) {
    await ensureDatabase(url);
    return { url, kind: 'postgresql', close: async () => undefined };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  await mkdir(embeddedDataDir, { recursive: true });
  const db = await PGlite.create(embeddedDataDir);
  const socketServer = new PGLiteSocketServer({
    db,
    port: embeddedPort,
    host: '127.0.0.1',
    maxConnections: 200,
  });
  await socketServer.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${embeddedPort}/postgres`,
    kind: 'embedded-pglite',
    close: async () => {
      await socketServer.stop();
      await db.close();
    },
  };
}

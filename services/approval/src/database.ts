import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function openDatabase(options: { connectionString: string; schema: string; poolMax: number }): Db {
  const adapter = new PrismaPg(
    { connectionString: options.connectionString, max: options.poolMax },
    { schema: options.schema },
  );
  return new PrismaClient({ adapter });
}

import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function openDatabase(connectionString: string, schema: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }, { schema }) });
}

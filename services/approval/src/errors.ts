import { TRPCError } from '@trpc/server';

export const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
export const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

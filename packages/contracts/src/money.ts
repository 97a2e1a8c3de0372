import { z } from 'zod';

/** Money is always an integer number of fen (分) — never a float. */
export const Fen = z.number().int().nonnegative().max(1_000_000_000_00);
export type Fen = z.infer<typeof Fen>;

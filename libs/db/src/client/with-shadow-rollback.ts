/** Any client with Prisma's interactive-transaction API (a generated PrismaClient). */
export interface InteractiveTransactionClient<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
}

/**
 * Carries fn's result out of the transaction. Throwing is the only way to make Prisma roll an
 * interactive transaction back, and a private class means no error of fn's can be mistaken
 * for it.
 */
class ShadowRollback<R> extends Error {
  constructor(readonly result: R) {
    super('Rolled back on purpose: shadow (mirrored) request');
  }
}

/**
 * Runs fn in a transaction that is always rolled back, and returns fn's result. For Istio
 * mirrored ("-shadow") requests: the mirror exercises the real code path and queries, but
 * must not persist anything, or the mirrored traffic would write every change twice.
 */
export async function withShadowRollback<Tx, R>(
  client: InteractiveTransactionClient<Tx>,
  fn: (tx: Tx) => Promise<R>,
): Promise<R> {
  try {
    await client.$transaction(async (tx) => {
      throw new ShadowRollback(await fn(tx));
    });
  } catch (error) {
    if (error instanceof ShadowRollback) {
      return error.result as R;
    }
    throw error;
  }
  throw new Error('Unreachable: the shadow transaction callback always throws');
}

import { SubnetError } from './errors.ts';

/**
 * Bounds any promise in time. Every network call in subnetkit goes through this
 * (or an equivalent built into the transport), so nothing can hang forever.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SubnetError('TIMEOUT', `${what} timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

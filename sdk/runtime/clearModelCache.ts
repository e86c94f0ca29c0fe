import { DEFAULT_MODEL_CACHE } from './urlModelSource.js';

/**
 * Deletes the Cache API cache {@link urlModelSource} keeps model files in, so the next load downloads them again.
 * Resolves to `false` where there is no Cache API or no such cache.
 *
 * @param cacheName - default `portrait-rig-models`.
 */
export async function clearModelCache(cacheName: string = DEFAULT_MODEL_CACHE): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  return caches.delete(cacheName);
}

// Publishes the seed catalog into the `catalog` dataset. Items the platform already holds at the same
// or a later revision are left alone, so restarts do not bump versions and terminals pull nothing new.
import { CATALOG_DATASET, CatalogItem } from '../../contract/catalog.js';
import type { PlatformStore } from '../platform-store.js';
import { SEED_ITEMS } from './seed-items.js';
import { withSpokenForms, type PinyinMemo } from '../../common/spoken-forms.js';

export async function publishSeedCatalog(store: PlatformStore, items: readonly CatalogItem[] = SEED_ITEMS): Promise<{ published: number }> {
  const current = new Map((await store.datasetItems(CATALOG_DATASET)).map((row) => [row.key, CatalogItem.safeParse(row.value)]));
  const changed = items.filter((item) => {
    const held = current.get(item.code);
    return !held || !held.success || held.data.revision < item.revision;
  });
  // Each item goes out with the pinyin of its name and synonyms, so no terminal has to convert them.
  const memo: PinyinMemo = new Map();
  if (changed.length > 0)
    await store.seedDataset(
      CATALOG_DATASET,
      changed.map((item) => ({ key: item.code, value: withSpokenForms(item, memo) })),
    );
  return { published: changed.length };
}

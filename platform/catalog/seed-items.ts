// The seed catalog the reference platform publishes when it starts with an empty catalog.
import { CatalogItem } from '../../contract/catalog.js';
import { BUSINESS_ITEMS } from './seed-items-business.js';
import { PEOPLE_ITEMS } from './seed-items-people.js';
import { WORK_ITEMS } from './seed-items-work.js';

export const SEED_ITEMS: readonly CatalogItem[] = [...PEOPLE_ITEMS, ...WORK_ITEMS, ...BUSINESS_ITEMS].map((item) => CatalogItem.parse(item));

// Opaque, collision-free identifiers: a keyed 32-bit bijection of (category, index), so values never spell their role.
import { mix32 } from '../lib/rng.js';

/**
 * Namespaces of generated entities and targets. A value is hash(index * 32 + category): unique across all
 * categories because the map is a bijection, and the category is not recoverable from the value.
 */
export const Category = {
  deviceOwn: 0,
  deviceHousehold: 1,
  deviceFarm: 2,
  deviceHub: 3,
  ipHome: 4,
  ipCarrier: 5,
  ipWifi: 6,
  ipOffice: 7,
  ipDatacenter: 8,
  ipProxy: 9,
  phoneOwn: 10,
  phoneFarm: 11,
  emailOwn: 12,
  cardOwn: 13,
  cardHousehold: 14,
  cardRing: 15,
  addressOwn: 16,
  addressHousehold: 17,
  addressRing: 18,
  fingerprintOwn: 19,
  fingerprintCommon: 20,
  fingerprintFarm: 21,
  fingerprintHub: 22,
  camouflagePool: 23,
  post: 24,
  product: 25,
  /** Devices of a camouflaged or big farm's own pool. */
  devicePool: 26,
  /** Proxy IPs of a camouflaged farm's own pool. */
  ipPool: 27,
} as const;
export type CategoryCode = (typeof Category)[keyof typeof Category];

const CATEGORY_SLOTS = 32;
/** Index bound that keeps index * 32 + category below 2^32 (uniqueness of the bijection). */
export const MAX_ENTITY_INDEX = Math.floor(4294967296 / CATEGORY_SLOTS) - 1;

// Account ids avoid vowels (and 'v', for 'vpn') so no id can spell a role ('farm', 'pod', 'ring', …) by chance.
const ID_ALPHABET = '0123456789bcdfghjkmnpqrstwxyz';
const ID_LENGTH = 7; // 29^7 > 2^32

export function accountIdOf(index: number, salt: number): string {
  let x = mix32((index ^ salt) >>> 0);
  let out = '';
  for (let i = 0; i < ID_LENGTH; i++) {
    out = ID_ALPHABET[x % ID_ALPHABET.length] + out;
    x = Math.floor(x / ID_ALPHABET.length);
  }
  return `u${out}`;
}

/** The opaque hash of an entity or target: 8 hex digits. */
export function opaqueHex(category: CategoryCode, index: number, salt: number): string {
  if (index > MAX_ENTITY_INDEX) throw new RangeError(`entity index ${index} out of range`);
  const key = (index * CATEGORY_SLOTS + category) >>> 0;
  return mix32((key ^ salt) >>> 0).toString(16).padStart(8, '0');
}

export function postIdOf(rank: number, salt: number): string {
  return `p_${opaqueHex(Category.post, rank, salt)}`;
}

export function productIdOf(rank: number, salt: number): string {
  return `s_${opaqueHex(Category.product, rank, salt)}`;
}

export function ringIdOf(ringIndex: number): string {
  return `ring_${String(ringIndex + 1).padStart(4, '0')}`;
}

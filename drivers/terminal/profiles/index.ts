/**
 * The shipped vendor profiles (one folder each, a profile.json data file), validated at load.
 * QA profiles that are not shipped load with loadProfileFile() from profile-schema.ts.
 */
import concert from './ingenico-concert/profile.json';
import lakala from './lakala/profile.json';
import landi from './landi-a8/profile.json';
import mispos from './mispos/profile.json';
import newland from './newland/profile.json';
import pax from './pax-poslink/profile.json';
import { type Profile, parseProfile } from './profile-schema';
import sunmi from './sunmi/profile.json';
import wangpos from './wangpos/profile.json';

const SHIPPED: readonly [string, unknown][] = [
  ['wangpos', wangpos],
  ['lakala', lakala],
  ['newland', newland],
  ['landi-a8', landi],
  ['sunmi', sunmi],
  ['mispos', mispos],
  ['pax-poslink', pax],
  ['ingenico-concert', concert],
];

export const PROFILES: ReadonlyMap<string, Profile> = new Map(
  SHIPPED.map(([id, doc]) => [id, parseProfile(doc, `profiles/${id}/profile.json`)]),
);

export const PROFILE_IDS: readonly string[] = [...PROFILES.keys()];

export function getProfile(id: string): Profile {
  const p = PROFILES.get(id);
  if (!p) throw new Error(`no vendor profile "${id}" (shipped: ${PROFILE_IDS.join(', ')})`);
  return p;
}

export { ProfileMapper } from './mapper';
export type { Profile } from './profile-schema';

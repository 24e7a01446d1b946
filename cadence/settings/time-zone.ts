import { IANAZone } from 'luxon';

// IANAZone.isValidZone builds an Intl formatter on each call (about half a millisecond), and settings are parsed
// for every organisation on every tick; a zone name's validity never changes within a process.
const validity = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isKnownZone(zone: string): boolean {
  let valid = validity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (validity.size < 1000) validity.set(zone, valid);
  }
  return valid;
}

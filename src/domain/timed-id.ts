import { randomInt } from 'node:crypto';

/** Crockford's base32 digits, in ASCII order, so fixed-width encodings sort as the numbers they encode. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Characters of the time part: 10 base32 digits (50 bits) count milliseconds since 1970 until the year 37648. */
export const TIME_WIDTH = 10;
/** Characters of the random part: 20 base32 digits, 100 bits (a former button ID had 20 of 29 letters, 97 bits). */
export const RANDOM_WIDTH = 20;

const SHAPE = new RegExp(`^[${CROCKFORD}]{${TIME_WIDTH + RANDOM_WIDTH}}$`);

/** A time as TIME_WIDTH base32 digits: two encodings compare as strings as the times do. */
export function encodeTime(at: Date): string {
  let ms = at.getTime();
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`cannot encode ${String(at)} in a timed ID`);
  let out = '';
  for (let i = 0; i < TIME_WIDTH; i++) {
    out = CROCKFORD[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  if (ms > 0) throw new RangeError(`cannot encode ${at.toISOString()} in a timed ID`);
  return out;
}

/** An unguessable ID that starts with its time (`encodeTime`), then RANDOM_WIDTH digits from a CSPRNG; IDs sort by time. */
export function timedId(at: Date): string {
  let random = '';
  for (let i = 0; i < RANDOM_WIDTH; i++) random += CROCKFORD[randomInt(32)];
  return encodeTime(at) + random;
}

/** The time a `timedId` carries; undefined for any string not of its shape (e.g. an ID written by an earlier version). */
export function timeOfTimedId(id: string): Date | undefined {
  if (!SHAPE.test(id)) return undefined;
  let ms = 0;
  for (const c of id.slice(0, TIME_WIDTH)) ms = ms * 32 + CROCKFORD.indexOf(c);
  return new Date(ms);
}

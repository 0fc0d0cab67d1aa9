// Twenty names the inverse side of a relation after its label (computeMetadataNameFromLabel):
// transliterate, keep letters and digits, camelCase the words, prefix "n" before a digit.
import { AppError } from '../../../core/errors.ts';

/** Words as lodash's camelCase sees them: split on other characters and on case changes. */
function words(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9]+/)
    .flatMap((chunk) => chunk.match(/[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+/g) ?? [])
    .filter((word) => word !== '');
}

/** `Pet Owners` → `petOwners`; `ARR value` → `arrValue`; `xhr2 request` → `xhr2Request`. */
export function nameFromLabel(label: string): string {
  const ascii = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const prefixed = /^\d/.test(ascii.trim()) ? `n${ascii.trim()}` : ascii;
  const parts = words(prefixed).map((w) => w.toLowerCase());
  if (parts.length === 0) throw new AppError('BAD_USER_INPUT', `Invalid label: "${label}". A label needs at least one letter or digit to derive a name from.`);
  return parts.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

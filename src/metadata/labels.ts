// Labels derived from API names. The resolver fills missing labels with these, and export
// omits a label that equals its derived form, so both sides must use the same functions.

/** `annualRecurringRevenue` → `Annual Recurring Revenue`; `linkedinURL` → `Linkedin URL`. */
export function labelFromName(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Select option values: `CLOSED_WON` → `Closed Won`. */
export function labelFromOptionValue(value: string): string {
  return value
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(' ');
}

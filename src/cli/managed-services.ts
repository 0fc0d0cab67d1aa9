// The services `twenty` can run privately in its home; `logs` and its runner both name them.
export const SERVICES = ['postgres', 'redis'] as const;
export type Service = (typeof SERVICES)[number];

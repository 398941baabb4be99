export const roles = ['staff', 'manager', 'auditor', 'integration', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is calling: a staff id or a campus system name, with the roles the token grants. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
}

export const isRole = (value: unknown): value is Role => roles.includes(value as Role);

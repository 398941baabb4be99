import { SignJWT } from 'jose';
import type { Role } from './principal';

/** Signs a development token (HS256 with AUTH_JWT_SECRET); production tokens come from the identity provider. */
export async function signDevelopmentToken(input: {
  secret: string;
  subject: string;
  roles: readonly Role[];
  expiresIn?: string;
}): Promise<string> {
  return new SignJWT({ roles: [...input.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.subject)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(input.secret));
}

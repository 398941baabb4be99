import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isRole, type Principal } from './principal';

export interface AuthOptions {
  /** Development: HS256 shared secret. */
  readonly jwtSecret?: string;
  /** Production: the identity provider's JWKS URL (RS256/ES256 keys). */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0)
    throw new InvalidTokenError('token has no subject');
  const claimed: unknown = payload.roles;
  if (!Array.isArray(claimed)) throw new InvalidTokenError('token has no roles claim');
  return { subject: payload.sub, roles: claimed.filter(isRole) };
}

/** Verifies bearer tokens: signature with an allow-listed algorithm, expiry, then the claims we rely on. */
export class JwtVerifier {
  private readonly jwks: JWTVerifyGetKey | undefined;
  private readonly secret: Uint8Array | undefined;

  constructor(private readonly options: AuthOptions) {
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
    this.secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : undefined;
  }

  get configured(): boolean {
    return this.jwks !== undefined || this.secret !== undefined;
  }

  async verify(token: string): Promise<Principal> {
    const constraints = {
      issuer: this.options.issuer,
      audience: this.options.audience,
      requiredClaims: ['exp', 'sub'],
    };
    try {
      if (this.jwks) {
        const { payload } = await jwtVerify(token, this.jwks, {
          ...constraints,
          algorithms: ['RS256', 'ES256'],
        });
        return toPrincipal(payload);
      }
      if (this.secret) {
        const { payload } = await jwtVerify(token, this.secret, { ...constraints, algorithms: ['HS256'] });
        return toPrincipal(payload);
      }
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(error instanceof Error ? error.message : 'token rejected');
    }
    throw new InvalidTokenError('no token verification is configured (AUTH_JWT_SECRET or AUTH_JWKS_URL)');
  }
}

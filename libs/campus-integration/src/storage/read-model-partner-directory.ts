import type { Pool } from 'pg';
import type { PartnerDirectory } from '../inbound/company-resolution';

const UNDEFINED_TABLE = '42P01';

/** Partners as the partner-360 read model knows them (registered by staff, linked by hand). */
export class ReadModelPartnerDirectory implements PartnerDirectory {
  constructor(private readonly pool: Pool) {}

  partnerWithLink(system: string, externalId: string): Promise<string | undefined> {
    return this.first(
      'campus-directory-link',
      `SELECT partner_id FROM read_models.partner_external_links WHERE system = $1 AND external_id = $2 LIMIT 1`,
      [system, externalId],
    );
  }

  // Unnamed, so planned on the table as it is: a generic plan cached while it was empty scanned it.
  partnerWithWebDomain(webDomain: string): Promise<string | undefined> {
    return this.first(
      undefined,
      `SELECT partner_id FROM read_models.partner_profiles
       WHERE web_domain = $1 AND merged_into IS NULL ORDER BY registered_at, partner_id LIMIT 1`,
      [webDomain],
    );
  }

  // Before the partner views exist there is no partner to find. A named query is planned once per connection.
  private async first(
    name: string | undefined,
    text: string,
    values: unknown[],
  ): Promise<string | undefined> {
    try {
      const result = await this.pool.query<{ partner_id: string }>({ name, text, values });
      return result.rows[0]?.partner_id;
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return undefined;
      throw error;
    }
  }
}

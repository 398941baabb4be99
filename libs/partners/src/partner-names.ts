const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const DOMAIN_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^(?=.{1,253}$)(?:${DOMAIN_LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);

/**
 * The company's web domain as identity resolution compares it: `https://WWW.Acme.com./about` →
 * `acme.com`. Undefined when the text is not a web domain at all.
 */
export function normaliseWebDomain(value: string): string | undefined {
  const text = value.trim();
  if (text.length === 0) return undefined;
  let hostname: string;
  try {
    // URL does the lowercasing, punycode, and stripping of credentials, port, path, query and fragment.
    hostname = new URL(SCHEME.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return undefined;
  }
  const domain = hostname.replace(/\.+$/, '').replace(/^www\./, '');
  return DOMAIN.test(domain) ? domain : undefined;
}

/** Legal-form words that say nothing about which company it is: "Acme Co., Ltd." and "ACME" match. */
export const legalSuffixes: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'gmbh',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'sa',
  'sas',
  'sarl',
  'ag',
  'kg',
  'nv',
  'bv',
  'srl',
  'spa',
  'pty',
  'oy',
  'ab',
]);

/** A company name as duplicate detection compares it: `Acmé Robotics, Inc.` → `acme robotics`. */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // Dots and apostrophes join letters ("S.A.", "McDonald's"); other punctuation separates words.
    .replace(/[.'\u2019]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  // Strip trailing legal forms, but never the whole name (a company may be called "Co").
  while (words.length > 1 && legalSuffixes.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

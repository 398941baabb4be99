import { normaliseCompanyName, normaliseWebDomain } from './partner-names';

describe('normaliseWebDomain', () => {
  it.each([
    ['acmerobotics.com', 'acmerobotics.com'],
    ['AcmeRobotics.COM', 'acmerobotics.com'],
    ['https://www.acmerobotics.com/about?x=1#team', 'acmerobotics.com'],
    ['http://WWW.AcmeRobotics.com.', 'acmerobotics.com'],
    ['  www.acmerobotics.com/  ', 'acmerobotics.com'],
    ['acmerobotics.com:8443/careers', 'acmerobotics.com'],
    ['https://jobs@eu.acmerobotics.co.uk', 'eu.acmerobotics.co.uk'],
    ['bücher.de', 'xn--bcher-kva.de'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseWebDomain(input)).toBe(expected);
  });

  it.each(['', '   ', 'not a domain', 'localhost', '10.0.0.1', 'https://', 'acme..com'])(
    'says %p is no web domain',
    (input) => {
      expect(normaliseWebDomain(input)).toBeUndefined();
    },
  );

  it('keeps subdomains other than www, which may be a different company', () => {
    expect(normaliseWebDomain('research.acme.com')).toBe('research.acme.com');
    expect(normaliseWebDomain('www2.acme.com')).toBe('www2.acme.com');
  });
});

describe('normaliseCompanyName', () => {
  it.each([
    ['Acme Robotics Inc.', 'acme robotics'],
    ['ACME ROBOTICS, INC', 'acme robotics'],
    ['Acmé Robótics LLC', 'acme robotics'],
    ['Acme Co., Ltd.', 'acme'],
    ['Siemens AG', 'siemens'],
    ['Nestlé S.A.', 'nestle'],
    ['Bosch GmbH', 'bosch'],
    ['Rolls-Royce plc', 'rolls royce'],
    ["McDonald's Corp", 'mcdonalds'],
    ['  Johnson   &   Johnson  ', 'johnson johnson'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseCompanyName(input)).toBe(expected);
  });

  it('only strips legal forms at the end of the name', () => {
    expect(normaliseCompanyName('Co Packaging Solutions')).toBe('co packaging solutions');
  });

  it('never strips a name down to nothing', () => {
    expect(normaliseCompanyName('Co.')).toBe('co');
    expect(normaliseCompanyName('Limited Inc')).toBe('limited');
  });
});

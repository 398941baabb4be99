/** The JSON text was not JSON at all. */
export class NotJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotJsonError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Digits without leading/trailing zeros and the power of ten of the first one: equal iff the values are. */
function canonicalDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const leading = digits.length - digits.replace(/^0+/, '').length;
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length === 0) return '0';
  const power = whole.length - leading + Number(exponent);
  return `${sign}${significant}e${power}`;
}

/** True when the double nearest to `text` prints back as the same decimal value. */
const survivesAsDouble = (text: string): boolean =>
  canonicalDecimal(String(Number(text))) === canonicalDecimal(text);

/**
 * JSON.parse, except that a number a double cannot hold exactly (e.g. `123456789012345.1234`) is kept as its
 * decimal text: money amounts never pass through binary floating point.
 */
export function parseJsonLosslessly(text: string): unknown {
  let rewritten = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char !== '-' && (char === undefined || char < '0' || char > '9')) continue;
    NUMBER.lastIndex = index;
    const number = NUMBER.exec(text)?.[0];
    if (number === undefined) continue;
    if (!survivesAsDouble(number)) {
      rewritten += `${text.slice(copiedUpTo, index)}"${number}"`;
      copiedUpTo = index + number.length;
    }
    index += number.length - 1;
  }
  try {
    return JSON.parse(copiedUpTo === 0 ? text : rewritten + text.slice(copiedUpTo));
  } catch (error) {
    throw new NotJsonError(error instanceof Error ? error.message : String(error));
  }
}

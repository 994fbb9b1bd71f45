/** A token of a command line: a bare word, `key=value`, or `--flag`. Quotes group words. */
export type Token =
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'pair'; readonly key: string; readonly value: string }
  | { readonly kind: 'flag'; readonly name: string };

/** A tokenizer failure, e.g. a quote left open. */
export class TokenizeError extends Error {}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»' };
const MAX_LENGTH = 4000;

/**
 * Splits a command line into tokens. Double, single, curly and French quotes group words
 * (`reason="too expensive"`, `"1 000,00"`); a backslash escapes the next character.
 * Control characters are treated as spaces.
 */
export function tokenize(line: string): Token[] {
  if (line.length > MAX_LENGTH) throw new TokenizeError(`the command is too long (more than ${MAX_LENGTH} characters)`);
  const raw: { text: string; quotedFrom: number }[] = [];
  let current = '';
  let started = false;
  let quotedFrom = -1;
  let close: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (close) {
      if (ch === close) close = undefined;
      else if (ch === '\\' && i + 1 < line.length) current += line[++i];
      else current += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      started = true;
    } else if (QUOTES[ch]) {
      close = QUOTES[ch];
      if (!started) quotedFrom = 0;
      else if (quotedFrom < 0) quotedFrom = current.length;
      started = true;
    } else if (/[\s\p{Cc}]/u.test(ch)) {
      if (started) raw.push({ text: current, quotedFrom });
      current = '';
      started = false;
      quotedFrom = -1;
    } else {
      current += ch;
      started = true;
    }
  }
  if (close) throw new TokenizeError(`a quote is left open: add the closing ${close}`);
  if (started) raw.push({ text: current, quotedFrom });
  return raw.map(classify);
}

function classify({ text, quotedFrom }: { text: string; quotedFrom: number }): Token {
  if (quotedFrom === 0) return { kind: 'word', value: text };
  const flag = /^--([a-z][a-z0-9-]*)$/i.exec(text);
  if (flag) return { kind: 'flag', name: flag[1]!.toLowerCase() };
  const eq = text.indexOf('=');
  const limit = quotedFrom < 0 ? text.length : quotedFrom;
  if (eq > 0 && eq < limit && /^[a-z][a-z0-9_-]*$/i.test(text.slice(0, eq))) {
    return { kind: 'pair', key: text.slice(0, eq).toLowerCase(), value: text.slice(eq + 1) };
  }
  return { kind: 'word', value: text };
}

/**
 * JSON as real sites ship it in <script type="application/ld+json">: HTML/JS comments, CDATA
 * wrappers, raw newlines and tabs inside strings, invalid escapes, trailing commas, several
 * values in a row or a stray closing brace. Returns every top-level value that parses;
 * never throws.
 */
export function parseLenientJson(input: string): unknown[] {
  try {
    return [JSON.parse(input)]; // the common case, at native speed
  } catch {
    /* repair below */
  }
  const values: unknown[] = [];
  const { chunks, tail } = splitTopLevel(clean(input));
  for (const chunk of chunks) {
    try {
      values.push(JSON.parse(chunk));
    } catch {
      /* take what parses */
    }
  }
  const repaired = tail && closeTruncated(tail);
  if (repaired) values.push(repaired);
  return values;
}

/** Is this JSON cut short (a value opened and never closed)? Cheap test for callers that can
 *  find the rest elsewhere (a `</script>` inside a string ends the script element early). */
export function isTruncatedJson(input: string): boolean {
  return !!splitTopLevel(clean(input)).tail;
}

const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/** One pass: drops comments outside strings, escapes control characters inside them. */
function clean(s: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') {
        const next = s[i + 1] ?? '';
        out += ESCAPABLE.has(next) ? ch + next : next === "'" ? "'" : '\\\\' + next;
        i++;
      } else if (ch === '"') {
        inString = false;
        out += ch;
      } else if (ch < ' ') out += ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch === '\r' ? '\\r' : ' ';
      else out += ch;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && s[i + 1] === '/') i = endOf(s, '\n', i) - 1;
    else if (ch === '/' && s[i + 1] === '*') i = endOf(s, '*/', i) + 1;
    else if (s.startsWith('<!--', i)) i = endOf(s, '-->', i) + 2;
    else if (s.startsWith('<![CDATA[', i)) i += 8;
    else if (s.startsWith(']]>', i)) i += 2;
    else out += ch;
  }
  // Trailing commas: {"a":1,} and [1,2,]
  return out.replace(/,(\s*[}\]])/g, '$1');
}

const endOf = (s: string, token: string, from: number) => {
  const i = s.indexOf(token, from + 1);
  return i < 0 ? s.length : i;
};

/** Calls `visit` for every character outside strings (strings are already clean). */
function outsideStrings(s: string, visit: (ch: string, i: number) => void): void {
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else visit(ch, i);
  }
}

/** Splits "{...}{...}" and "{...}}" into balanced top-level values;
 *  `tail` is a value opened and never closed (the input was cut short). */
function splitTopLevel(s: string): { chunks: string[]; tail: string } {
  const chunks: string[] = [];
  let depth = 0;
  let start = -1;
  outsideStrings(s, (ch, i) => {
    if (ch === '{' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if ((ch === '}' || ch === ']') && depth > 0 && --depth === 0) chunks.push(s.slice(start, i + 1));
  });
  return { chunks, tail: depth > 0 ? s.slice(start) : '' };
}

/**
 * A value cut short ("{"name":"Ada","address":{"street":"1 Lo"), closed at its last complete
 * member: the cut member is dropped, the open objects and arrays are closed. Null when nothing
 * complete is left.
 */
function closeTruncated(s: string): unknown {
  const stack: string[] = [];
  let cut = -1;
  let closers = '';
  const mark = (at: number) => [cut, closers] = [at, [...stack].reverse().join('')];
  outsideStrings(s, (ch, i) => {
    if (ch === '{' || ch === '[') {
      stack.push(ch === '{' ? '}' : ']');
      mark(i + 1);
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      mark(i + 1);
    } else if (ch === ',') mark(i);
  });
  if (cut < 0) return null;
  try {
    const value = JSON.parse(s.slice(0, cut) + closers);
    return value && typeof value === 'object' && Object.keys(value).length ? value : null;
  } catch {
    return null;
  }
}

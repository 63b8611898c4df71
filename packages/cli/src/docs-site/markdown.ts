/**
 * Markdown that VitePress renders as written: text outside code spans is escaped for Vue (which
 * compiles every page as a template, so `<` and `{{` would be markup) and for table cells.
 */

/** Escapes prose that may contain inline code; code spans are left as they are. */
export function text(value: string): string {
  return value
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replaceAll('<', '&lt;').replaceAll('{{', '&#123;&#123;')))
    .join('')
}

/** One table cell: escaped prose on one line, pipes escaped (also inside code spans, as GFM wants). */
export function cell(value: string): string {
  return text(value).replaceAll('\n', ' ').replaceAll('|', '\\|')
}

export function code(value: string): string {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
}

export function fence(language: string, body: string): string {
  return `\`\`\`${language}\n${body}\n\`\`\``
}

/** A page: YAML front matter and blocks separated by blank lines. */
export function page(
  frontmatter: Record<string, string | boolean>,
  blocks: readonly (string | false | undefined)[],
): string {
  const head = Object.entries(frontmatter).map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
  return `---\n${head.join('\n')}\n---\n\n${blocks.filter(Boolean).join('\n\n')}\n`
}

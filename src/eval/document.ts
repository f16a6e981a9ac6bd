/** A small document model, so one report renders to both Markdown and HTML. */
export type Block =
  | { heading: string; level: 1 | 2 }
  | { paragraph: string }
  | { list: string[] }
  | { table: { header: string[]; rows: string[][] } }
  | { image: { src: string; alt: string } };

export function toMarkdown(blocks: Block[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  return blocks
    .map((b) => {
      if ('heading' in b) return `${'#'.repeat(b.level)} ${b.heading}`;
      if ('paragraph' in b) return b.paragraph;
      if ('list' in b) return b.list.map((item) => `- ${item}`).join('\n');
      if ('table' in b) {
        const { header, rows } = b.table;
        return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
      }
      return `![${b.image.alt}](${b.image.src})`;
    })
    .join('\n\n')
    .concat('\n');
}

export function toHtml(blocks: Block[], title: string): string {
  const body = blocks
    .map((b) => {
      if ('heading' in b) return `<h${b.level}>${escape(b.heading)}</h${b.level}>`;
      if ('paragraph' in b) return `<p>${inline(b.paragraph)}</p>`;
      if ('list' in b) return `<ul>${b.list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`;
      if ('table' in b) {
        const row = (cells: string[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${inline(c)}</${tag}>`).join('')}</tr>`;
        return `<table><thead>${row(b.table.header, 'th')}</thead><tbody>${b.table.rows.map((r) => row(r, 'td')).join('')}</tbody></table>`;
      }
      return `<img src="${escape(b.image.src)}" alt="${escape(b.image.alt)}">`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}
th{background:#f3f3f3}img{max-width:100%}code{background:#f3f3f3}</style></head>
<body>
${body}
</body></html>
`;
}

/** Escaped text with Markdown's `code` spans kept as code. */
function inline(s: string): string {
  return escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function escape(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * Agent text → safe HTML. Markdown by `marked`, code blocks highlighted by a small
 * `highlight.js` core (only the languages agents commonly answer in, so the bundle stays small),
 * and everything sanitised by DOMPurify last, so nothing a model or a tool wrote can run script,
 * load a frame or carry an inline style the CSP would reject anyway.
 */
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked, type Tokens } from 'marked';

const LANGUAGES = { bash, css, diff, javascript, json, python, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.registerAliases(['sh', 'shell', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['js', 'jsx', 'mjs'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Highlighted HTML for a code block; unknown or missing languages stay plain (escaped). */
export function highlightCode(code: string, lang?: string): { html: string; language: string | null } {
  const wanted = (lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (wanted && hljs.getLanguage(wanted)) {
    return { html: hljs.highlight(code, { language: wanted, ignoreIllegals: true }).value, language: wanted };
  }
  return { html: escapeHtml(code), language: null };
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML in a reply is shown as the text it is, never as markup: agents answer in markdown,
    // and markup a model or tool wrote (handlers, frames, forms) has no business in the page.
    // DOMPurify below still guards what markdown itself produces (links, images).
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    code({ text, lang }: Tokens.Code): string {
      const { html, language } = highlightCode(text, lang);
      const label = language ? ` data-lang="${escapeHtml(language)}"` : '';
      return `<pre class="code"${label}><code class="hljs">${html}</code></pre>\n`;
    },
  },
});

const PURIFY_CONFIG = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

let purifyState: 'unchecked' | 'working' | 'broken' = 'unchecked';

/**
 * Whether DOMPurify really sanitises in this DOM. It does in Chromium; some DOM emulations (the
 * unit tests' happy-dom) mis-walk the tree and would hand back unsanitised markup. There the
 * renderer falls back to escaped plain text rather than trust the output.
 */
function purifierWorks(): boolean {
  if (purifyState === 'unchecked') {
    let probe = '';
    try {
      // No event handler attribute in the probe: Chromium reports one to the CSP even while
      // DOMPurify only parses it, and a clean start should leave the console clean.
      probe = DOMPurify.sanitize('<p>a<b title="t">b</b><script>z</script></p>');
    } catch {
      probe = '';
    }
    purifyState = probe === '<p>a<b title="t">b</b></p>' ? 'working' : 'broken';
    if (purifyState === 'working') {
      // Links open outside the app (the chat view routes clicks to the OS browser).
      DOMPurify.addHook('afterSanitizeAttributes', (node) => {
        if (node.tagName === 'A') {
          node.setAttribute('rel', 'noopener noreferrer');
          node.setAttribute('target', '_blank');
        }
      });
    }
  }
  return purifyState === 'working';
}

/** Markdown → HTML with highlighted code, before sanitising (exported for tests only). */
export function markdownToRawHtml(text: string): string {
  try {
    return marked.parse(text, { async: false });
  } catch {
    return `<p>${escapeHtml(text)}</p>`;
  }
}

function plainTextHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Sanitised HTML for a message's markdown. Never throws, never returns unsanitised markup. */
export function renderMarkdown(text: string): string {
  if (!purifierWorks()) return plainTextHtml(text);
  try {
    return DOMPurify.sanitize(markdownToRawHtml(text), PURIFY_CONFIG);
  } catch {
    return plainTextHtml(text);
  }
}

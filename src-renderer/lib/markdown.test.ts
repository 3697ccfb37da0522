/**
 * Markdown, highlighting and the sanitiser's fail-safe. DOMPurify itself mis-walks happy-dom's
 * tree, so here the renderer must fall back to escaped text; the real sanitising (script and
 * onerror stripped from an agent's reply) is checked in Chromium by test/e2e/chat.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { highlightCode, markdownToRawHtml, renderMarkdown } from './markdown';

const HOSTILE =
  'hi <script>alert(1)</script><img src="x" onerror="alert(2)"> <a href="javascript:alert(3)">x</a> <span style="color:red">red</span>';

describe('markdown', () => {
  it('renders markdown before sanitising', () => {
    const html = markdownToRawHtml('**bold** and `code`\n\n- one\n- two');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>one</li>');
  });

  it('highlights fenced code in a registered language', () => {
    const html = markdownToRawHtml('```ts\nconst x: number = 1;\n```');
    expect(html).toContain('data-lang="ts"');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
  });

  it('shows raw HTML as text instead of markup', () => {
    const html = markdownToRawHtml('hi <img src=x onerror=alert(1)> <script>alert(2)</script>\n\n<div onclick="x">block</div>');
    expect(html).not.toMatch(/<img|<script|<div/i);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('&#60;div onclick=&#34;x&#34;&#62;');
  });

  it('leaves unknown languages plain and escaped', () => {
    const html = markdownToRawHtml('```brainfuck\n<b>++</b>\n```');
    expect(html).not.toContain('hljs-');
    expect(html).toContain('&#60;b&#62;');
  });

  it('escapes code that tries to break out of its block', () => {
    expect(highlightCode('</code><script>alert(1)</script>', 'js').html).not.toContain('<script>');
    expect(highlightCode('</code><script>alert(1)</script>').html).not.toContain('<script>');
  });

  it('never returns live script, event handlers, javascript: links or inline styles', () => {
    const html = renderMarkdown(HOSTILE);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<a\s/i);
    expect(html).not.toMatch(/<span style/i);
    const box = document.createElement('div');
    box.innerHTML = html;
    expect(box.querySelector('script, [onerror], [style], a[href^="javascript"]')).toBeNull();
    expect(box.textContent).toContain('red');
  });

  it('keeps line breaks of plain text when it cannot sanitise markup', () => {
    expect(renderMarkdown('one\ntwo\n\nthree')).toBe('<p>one<br>two</p><p>three</p>');
  });
});

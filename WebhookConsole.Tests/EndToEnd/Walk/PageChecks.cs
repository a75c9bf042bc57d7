using System.Text.Json;
using Microsoft.Playwright;

namespace WebhookConsole.Tests.EndToEnd.Walk;

/// <summary>
/// What the console walk asserts on every page, measured in the browser: nothing wider than the viewport or than the
/// card it sits in (unless inside an element that scrolls or clips it on purpose), body text at 4.5:1 contrast or more
/// against its real background, and the sidebar's current link.
/// </summary>
public static class PageChecks
{
    // Runs in the page. Returns a list of problems as strings; empty when the page passes.
    private const string Script = """
        (expectedNav) => {
          const problems = [];
          const vw = document.documentElement.clientWidth;
          const describe = e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : '') + ' "' + (e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40) + '"';
          const styles = new Map();
          const styleOf = e => { let s = styles.get(e); if (!s) { s = getComputedStyle(e); styles.set(e, s); } return s; };
          const reported = new Set();
          const report = (e, text) => { for (let a = e.parentElement; a; a = a.parentElement) if (reported.has(a)) return; reported.add(e); problems.push(text); };
          const isCard = e => e.matches('.rz-card, .rz-dialog, .account-card, .empty-state, .state-card, .delivery-filters');
          const clips = s => ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX);
          if (document.documentElement.scrollWidth > vw + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px in ${vw} px`);
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const style = styleOf(e);
            if (style.visibility === 'hidden' || style.position === 'fixed') continue;
            if (e.closest('.rz-sidebar, svg, .skip-link, #blazor-error-ui')) continue;
            let clipped = false, card = null;
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              const s = styleOf(a);
              if (clips(s) && !a.matches('.rz-body, .rz-layout, .rz-dialog-content, .rz-dialog-wrapper, main')) { clipped = true; break; }
              if (!card && isCard(a)) card = a;
            }
            if (clips(style) && e.scrollWidth > e.clientWidth + 1 && !e.matches('pre, pre *, .api-example, .rz-body, .rz-layout, .rz-dialog-content') && style.overflowX !== 'hidden' && style.overflowX !== 'clip')
              report(e, `${describe(e)} scrolls sideways (${e.scrollWidth} px in ${e.clientWidth} px)`);
            if (clipped) continue;
            if (r.right > vw + 1) report(e, `${describe(e)} runs past the viewport (right ${Math.round(r.right)} > ${vw})`);
            else if (card) {
              const c = card.getBoundingClientRect();
              if (r.right > c.right + 1 || r.left < c.left - 1) report(e, `${describe(e)} runs past its card ${describe(card)}`);
            }
          }
          const parse = c => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
          const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = e => {
            const layers = [];
            for (let a = e; a; a = a.parentElement) {
              const c = parse(styleOf(a).backgroundColor);
              const alpha = c.length > 3 ? c[3] : 1;
              if (alpha > 0) { layers.push([c[0], c[1], c[2], alpha]); if (alpha >= 1) break; }
            }
            let color = [255, 255, 255];
            if (layers.length === 0 || layers[layers.length - 1][3] < 1) color = document.documentElement.getAttribute('data-theme') === 'material-dark' ? [18, 18, 18] : [255, 255, 255];
            for (let i = layers.length - 1; i >= 0; i--) { const [r, g, b, al] = layers[i]; color = [r * al + color[0] * (1 - al), g * al + color[1] * (1 - al), b * al + color[2] * (1 - al)]; }
            return color;
          };
          for (const e of document.querySelectorAll('body *')) {
            if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim().length > 0)) continue;
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const style = styleOf(e);
            if (style.visibility === 'hidden' || style.opacity === '0' || e.closest('svg, .skip-link, #blazor-error-ui, [disabled], .rz-state-disabled, .rz-button:disabled, option, script, style')) continue;
            if (r.width <= 1 && r.height <= 1) continue;
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const large = size >= 24 || (bold && size >= 18.66);
            const fg = parse(style.color), bg = background(e);
            const fa = fg.length > 3 ? fg[3] : 1;
            const blended = [fg[0] * fa + bg[0] * (1 - fa), fg[1] * fa + bg[1] * (1 - fa), fg[2] * fa + bg[2] * (1 - fa)];
            const [l1, l2] = [lum(blended), lum(bg)].sort((x, y) => y - x);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} of ${describe(e)} (rgb ${blended.map(Math.round)} on ${bg.map(Math.round)})`);
          }
          if (expectedNav !== null) {
            const current = Array.from(document.querySelectorAll('a[aria-current="page"]'));
            if (current.length !== 1) problems.push(`${current.length} links carry aria-current="page"`);
            else if (current[0].textContent.trim().replace(/^\S+\s*/, '') !== expectedNav && !current[0].textContent.trim().endsWith(expectedNav)) problems.push(`the current link is "${current[0].textContent.trim()}", not ${expectedNav}`);
          }
          return problems;
        }
        """;

    /// <summary>The page's problems; <paramref name="expectedNav"/> is the sidebar link that must be current (null on pages without the sidebar).</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page, string? expectedNav)
    {
        var result = await page.EvaluateAsync<JsonElement>(Script, expectedNav);
        return result.EnumerateArray().Select(p => p.GetString()!).Distinct().ToList();
    }
}

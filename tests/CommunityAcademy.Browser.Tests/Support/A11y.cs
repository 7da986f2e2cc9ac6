namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>
/// Basic accessibility, measured in the rendered page: the declared language, a label for every form field,
/// a name for every button, readable text contrast (WCAG AA, ≥ 4.5 : 1), and no page wider than the screen.
/// </summary>
public static class A11y
{
    public const double MinimumContrast = 4.5;

    public sealed class Measured
    {
        public string Tag { get; set; } = "";
        public string Class { get; set; } = "";
        public string Text { get; set; } = "";
        public string Color { get; set; } = "";
        public string Background { get; set; } = "";
        public double Ratio { get; set; }
        public override string ToString() => $"<{Tag} class=\"{Class}\"> “{Text}”: {Color} on {Background} = {Ratio:0.00}";
    }

    /// <summary>Everything below, on the page as it is now.</summary>
    public static async Task CheckPageAsync(IPage page, string lang)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
        await AssertFieldsLabelledAsync(page);
        await AssertContrastAsync(page);
        await AssertFitsWidthAsync(page);
    }

    public static async Task AssertFieldsLabelledAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => {
              const named = e => (e.getAttribute('aria-label') || '').trim() || e.getAttribute('aria-labelledby');
              const fields = [...document.querySelectorAll('input, select, textarea')]
                .filter(e => !['hidden', 'submit', 'button', 'reset', 'image'].includes(e.type))
                .filter(e => ![...(e.labels || [])].some(l => l.textContent.trim()) && !named(e));
              const buttons = [...document.querySelectorAll('button, summary, a[href]')]
                .filter(e => !e.textContent.trim() && !named(e) && !e.querySelector('img[alt]:not([alt=""])'));
              return [...fields, ...buttons].map(e => e.outerHTML.slice(0, 200));
            }
            """);
        Assert.True(unlabelled.Length == 0, $"On {page.Url} these fields or buttons have no label:\n" + string.Join("\n", unlabelled));
    }

    /// <summary>
    /// Every visible element with text of its own, and every field and button: the text colour (with the opacity
    /// of its ancestors) against the background actually behind it (the ancestors' backgrounds composed over white).
    /// </summary>
    public static async Task<Measured[]> MeasureContrastAsync(IPage page) =>
        await page.EvaluateAsync<Measured[]>("""
            () => {
              const rgba = s => {
                const m = /rgba?\(([^)]*)\)/.exec(s || '');
                if (!m) return null;
                const p = m[1].split(/[\s,\/]+/).filter(x => x.length).map(Number);
                return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
              };
              const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
              const lum = c => {
                const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
              };
              const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
              const backgroundOf = el => {
                const layers = [];
                for (let n = el; n; n = n.parentElement) layers.push(rgba(getComputedStyle(n).backgroundColor) || [0, 0, 0, 0]);
                return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
              };
              const opacityOf = el => { let o = 1; for (let n = el; n; n = n.parentElement) o *= parseFloat(getComputedStyle(n).opacity); return o; };
              const css = c => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
              const out = [];
              for (const el of document.body.querySelectorAll('*')) {
                if (['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION', 'BR'].includes(el.tagName)) continue;
                const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
                const field = ['BUTTON', 'SELECT', 'TEXTAREA'].includes(el.tagName) || (el.tagName === 'INPUT' && el.type !== 'hidden');
                if (!own && !field) continue;
                if (!el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true, opacityProperty: true })) continue;
                const cs = getComputedStyle(el);
                const bg = backgroundOf(el);
                const fg = rgba(cs.color);
                const seen = over([fg[0], fg[1], fg[2], fg[3] * opacityOf(el)], bg);
                out.push({ Tag: el.tagName.toLowerCase(), Class: String(el.className || ''), Text: (own || el.value || el.textContent || '').trim().slice(0, 40),
                           Color: css(seen), Background: css(bg), Ratio: Math.round(ratio(seen, bg) * 100) / 100 });
              }
              return out;
            }
            """);

    public static async Task AssertContrastAsync(IPage page)
    {
        var all = await MeasureContrastAsync(page);
        Assert.True(all.Length > 0, $"No text measured on {page.Url}");
        var poor = all.Where(m => m.Ratio < MinimumContrast).ToList();
        Assert.True(poor.Count == 0, $"On {page.Url} this text is too faint (contrast below {MinimumContrast}:1):\n" + string.Join("\n", poor));
    }

    /// <summary>The page never scrolls sideways; wide tables may scroll inside their own box.</summary>
    public static async Task AssertFitsWidthAsync(IPage page)
    {
        // clientWidth, not innerWidth: a phone zooms out to show a page that is too wide, and innerWidth grows with it.
        var r = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (r[0] <= r[1]) return;
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.body.querySelectorAll('*')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 15)
              .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)} “${(e.textContent || '').trim().slice(0, 30)}”`)
            """);
        Assert.Fail($"{page.Url} is {r[0]}px wide on a {r[1]}px screen; too wide:\n" + string.Join("\n", wide));
    }
}

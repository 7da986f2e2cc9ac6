using Ganss.Xss;
using Markdig;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// Articles (case pushes, the work handbook): Markdown (Markdig, raw HTML disabled) turned into HTML, then sanitized (HtmlSanitizer: no
/// script, no on… handler, no style attribute the page's CSP would refuse, links and images only to http(s) or this site).
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().UseAutoLinks().Build();

    private static HtmlSanitizer Sanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedAttributes.Remove("style");
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("http");
        s.AllowedCssProperties.Clear();
        return s;
    }

    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer().Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));

    /// <summary>The text of the Markdown without its markup (search indexes it).</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdig.Markdown.ToPlainText(markdown, Pipeline);
}

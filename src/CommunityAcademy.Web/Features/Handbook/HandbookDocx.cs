using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Handbook;
using CommunityAcademy.Web.Infrastructure.Security;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace CommunityAcademy.Web.Features.Handbook;

/// <summary>A section read from a .docx: its title and its articles (title, Markdown body).</summary>
public sealed record DocxSection(string Title, IReadOnlyList<(string Title, string Body)> Articles);

/// <summary>
/// A chapter imported from Word (#26 point 1): 标题 1 (Heading 1) headings become sections of the chapter, 标题 2
/// (Heading 2) headings articles in them, the paragraphs below a heading its text (paragraphs kept apart); text under a
/// section before its first 标题 2 is an article named after the section. A file that is no .docx, has no heading or
/// holds an article over the size limit is refused with a message, and nothing is stored.
/// </summary>
public sealed class HandbookDocx(HandbookStore store)
{
    public const long MaxBytes = 20L * 1024 * 1024;

    public static Result<IReadOnlyList<DocxSection>> Read(byte[] bytes)
    {
        List<(int Level, string Text)> paragraphs;
        try
        {
            using var ms = new MemoryStream(bytes);
            using var doc = WordprocessingDocument.Open(ms, false);
            var body = doc.MainDocumentPart?.Document?.Body;
            if (body is null) return new Error("Handbook.DocxUnreadable");
            var styles = doc.MainDocumentPart!.StyleDefinitionsPart?.Styles?.Elements<W.Style>()
                .Where(s => s.StyleId?.Value is not null).ToDictionary(s => s.StyleId!.Value!, s => s.StyleName?.Val?.Value ?? "") ?? [];
            paragraphs = body.Descendants<W.Paragraph>().Select(p => (Level(p, styles), p.InnerText.Trim())).Where(p => p.Item2.Length > 0).ToList();
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.IO.IOException or FileFormatException or InvalidOperationException)
        {
            return new Error("Handbook.DocxUnreadable");
        }
        if (!paragraphs.Any(p => p.Level == 1)) return new Error("Handbook.DocxNoHeadings");
        var sections = new List<DocxSection>();
        string? section = null, article = null;
        var articles = new List<(string, string)>();
        var text = new List<string>();
        void endArticle()
        {
            if (section is not null && (article is not null || text.Count > 0)) articles.Add((article ?? section, string.Join("\n\n", text)));
            article = null; text.Clear();
        }
        void endSection()
        {
            endArticle();
            if (section is not null) sections.Add(new DocxSection(section, articles.ToList()));
            articles.Clear();
        }
        foreach (var (level, t) in paragraphs)
        {
            if (level == 1) { endSection(); section = t; }
            else if (level >= 2 && section is not null) { endArticle(); article = t; }
            else if (section is not null) text.Add(level >= 2 ? "### " + t : t);
        }
        endSection();
        foreach (var s in sections)
        {
            if (HandbookRules.CheckArticle(s.Title, "") is { } e) return new Error("Handbook.DocxBadHeading", s.Title[..Math.Min(30, s.Title.Length)], e.Code);
            foreach (var a in s.Articles)
                if (HandbookRules.CheckArticle(a.Title, a.Body) is { } ae) return new Error("Handbook.DocxBadArticle", a.Title[..Math.Min(30, a.Title.Length)]);
        }
        return Result<IReadOnlyList<DocxSection>>.Ok(sections);
    }

    /// <summary>Heading level of a paragraph: 1, 2, … from its style (Heading1, 标题 1) or outline level; 0 for body text.</summary>
    private static int Level(W.Paragraph p, IReadOnlyDictionary<string, string> styles)
    {
        var props = p.ParagraphProperties;
        if (props?.OutlineLevel?.Val?.Value is { } ol) return ol + 1;
        var id = props?.ParagraphStyleId?.Val?.Value;
        if (id is null) return 0;
        var name = styles.TryGetValue(id, out var n) ? n : id;
        foreach (var candidate in new[] { name, id })
        {
            var c = candidate.Replace(" ", "").ToLowerInvariant();
            foreach (var prefix in new[] { "heading", "标题" })
                if (c.StartsWith(prefix) && int.TryParse(c[prefix.Length..], out var level)) return level;
            if (c is "title" or "标题") return 1;
        }
        return 0;
    }

    /// <summary>Reads the file and stores its sections under the chapter (a top-level chapter); the number of articles stored.</summary>
    public async Task<Result<int>> ImportAsync(CurrentUser me, long chapterId, byte[] bytes)
    {
        if (await store.ChapterAsync(chapterId) is not { } ch) return new Error("Handbook.NoParent");
        if (ch.ParentId is not null) return new Error("Handbook.ImportIntoChapter");
        var read = Read(bytes);
        if (!read.IsOk) return read.Error!;
        var count = 0;
        foreach (var s in read.Value!)
        {
            var sid = (await store.AddChapterAsync(ch.HandbookId, chapterId, s.Title))!.Value;
            foreach (var (title, body) in s.Articles)
            {
                await store.CreateArticleAsync(me, sid, "article", title, body, "docx");
                count++;
            }
        }
        return Result<int>.Ok(count);
    }
}

using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>
/// A survey's analysis as .xlsx (#23 point 4): the counts of every question, the free texts, the frequent words, the
/// sessions' and instructors' ratings. Cells are written by <see cref="XlsxWriter"/> (text, never a formula: = + - @
/// escaped), so markup typed in an answer is text in the sheet.
/// </summary>
public static class SurveyExport
{
    public static byte[] Workbook(SurveyResult r, Texts t)
    {
        var counts = new List<IReadOnlyList<object?>>();
        foreach (var q in r.Questions.Where(q => q.Tally is not null))
            foreach (var (value, n) in q.Tally!.Counts)
                counts.Add([q.Question.Key, q.Question.Title, Label(q.Question, value), n, q.Respondents]);
        var texts = r.Questions.Where(q => q.Question.Kind == QuestionKind.Text)
            .SelectMany(q => q.Texts.Select(x => (IReadOnlyList<object?>)[q.Question.Key, q.Question.Title, x.Text])).ToList();
        var words = r.Questions.Where(q => q.Question.Kind == QuestionKind.Text)
            .SelectMany(q => q.Terms.Select(x => (IReadOnlyList<object?>)[q.Question.Key, x.Term, x.Answers])).ToList();
        var sessions = r.Sessions.Select(s => (IReadOnlyList<object?>)[s.Date.ToString("yyyy-MM-dd"), s.Title, s.Instructors,
            Mean(s.Means[SessionAspects.Content]), Mean(s.Means[SessionAspects.Instructor]), Mean(s.Means[SessionAspects.Usefulness]), s.Raters]).ToList();
        var instructors = r.Instructors.Select(i => (IReadOnlyList<object?>)[i.Name, Mean(i.Mean), i.Ratings, i.Sessions]).ToList();
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms,
            new XlsxWriter.Sheet(t["Surveys.SheetCounts"], [t["Surveys.Key"], t["Surveys.Question"], t["Surveys.Value"], t["Surveys.Count"], t["Surveys.Respondents"]], counts),
            new XlsxWriter.Sheet(t["Surveys.SheetTexts"], [t["Surveys.Key"], t["Surveys.Question"], t["Surveys.Text"]], texts),
            new XlsxWriter.Sheet(t["Surveys.SheetWords"], [t["Surveys.Key"], t["Surveys.Word"], t["Surveys.Count"]], words),
            new XlsxWriter.Sheet(t["Surveys.SheetSessions"], [t["Surveys.Date"], t["Surveys.Session"], t["Surveys.Instructors"],
                t["Surveys.Aspect.content"], t["Surveys.Aspect.instructor"], t["Surveys.Aspect.usefulness"], t["Surveys.Raters"]], sessions),
            new XlsxWriter.Sheet(t["Surveys.SheetInstructors"], [t["Surveys.Instructor"], t["Surveys.Mean"], t["Surveys.Count"], t["Surveys.Sessions"]], instructors));
        return ms.ToArray();
    }

    /// <summary>A value as people read it: an option's words, or the rating's number.</summary>
    public static string Label(SurveyQuestion q, int value) => q.Kind is QuestionKind.Single or QuestionKind.Multiple && value >= 1 && value <= q.Options.Count
        ? q.Options[value - 1] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static double? Mean(decimal? m) => m is { } v ? Math.Round((double)v, 2) : null;
}

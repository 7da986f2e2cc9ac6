using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>A free-text answer shown in the analysis (as text, never markup).</summary>
public sealed record TextAnswer(long Id, string Text);

/// <summary>One question's figures: the distribution (choices, ratings), or the texts with their frequent words and phrases.</summary>
public sealed record QuestionResult(SurveyQuestion Question, long Respondents, Tally? Tally, IReadOnlyList<FrequentTerm> Terms, IReadOnlyList<TextAnswer> Texts);

/// <summary>A session's mean ratings (1–5) on each aspect of the matrix, and how many rated it.</summary>
public sealed record SessionRating(long SessionId, DateOnly Date, string Title, string Instructors, IReadOnlyDictionary<string, decimal?> Means, long Raters);

/// <summary>An instructor's mean "instructor" rating over the sessions they taught in this survey's matrix.</summary>
public sealed record InstructorRating(long InstructorId, string Name, decimal Mean, long Ratings, int Sessions);

/// <summary>The analysis of a survey: answers by audience, duplicates left out, and each question's figures.</summary>
public sealed record SurveyResult(SurveyDto Survey, IReadOnlyDictionary<Audience, long> ByAudience, long Duplicates,
    IReadOnlyList<QuestionResult> Questions, IReadOnlyList<SessionRating> Sessions, IReadOnlyList<InstructorRating> Instructors)
{
    public long Answers => ByAudience.Values.Sum();
}

/// <summary>
/// The figures of a survey (#23 point 4), one source for the analysis page, its .xlsx, the API and the class summary
/// (#24): grouped in the database over the counted items (submitted, not a device's duplicate); texts' terms were cut
/// when saved and are only counted here.
/// </summary>
public sealed class SurveyResults(Db db, SurveyStore surveys)
{
    public const int TextsShown = 200;

    /// <summary>How many answers count (submitted, not a device's duplicate).</summary>
    public async Task<long> CountAsync(long surveyId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @surveyId AND submitted_at IS NOT NULL AND duplicate = @f", new { surveyId, f = false });
    }

    public async Task<SurveyResult?> ResultAsync(long cohortId, long surveyId)
    {
        if (await surveys.GetAsync(cohortId, surveyId) is not { } s) return null;
        await using var c = await db.OpenAsync();
        var args = new { id = s.Id, t = true };
        var byAudience = (await c.QueryAsync<(string Audience, long N, long Duplicates)>("""
            SELECT audience, COUNT(*), SUM(CASE WHEN duplicate THEN 1 ELSE 0 END) FROM survey_responses
            WHERE survey_id = @id AND submitted_at IS NOT NULL GROUP BY audience
            """, args)).ToList();
        var respondents = (await c.QueryAsync<(string Key, long N)>("""
            SELECT question_key, COUNT(DISTINCT response_id) FROM survey_answers WHERE survey_id = @id AND counted = @t GROUP BY question_key
            """, args)).ToDictionary(r => r.Key, r => r.N);
        var values = (await c.QueryAsync<(string Key, long Value, long N)>("""
            SELECT question_key, value, COUNT(*) FROM survey_answers
            WHERE survey_id = @id AND counted = @t AND session_id IS NULL AND value IS NOT NULL GROUP BY question_key, value
            """, args)).ToLookup(v => v.Key);
        var textKeys = s.Form.Questions.Where(q => q.Kind == QuestionKind.Text).Select(q => q.Key).ToArray();
        var texts = (textKeys.Length == 0 ? [] : await c.QueryAsync<(long Id, string Key, string Text, string? Terms)>("""
            SELECT id, question_key, text_value, terms FROM survey_answers
            WHERE survey_id = @id AND counted = @t AND text_value IS NOT NULL ORDER BY id
            """, args)).ToLookup(x => x.Key);

        var questions = new List<QuestionResult>();
        foreach (var q in s.Form.Questions)
        {
            var n = respondents.GetValueOrDefault(q.Key);
            if (q.Kind == QuestionKind.Text)
            {
                var these = texts[q.Key].ToList();
                var terms = SurveyCounting.Frequent(these.Select(x => (x.Id, (IReadOnlyList<string>)(x.Terms ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))));
                questions.Add(new QuestionResult(q, n, null, terms, these.TakeLast(TextsShown).Select(x => new TextAnswer(x.Id, x.Text)).ToList()));
            }
            else if (q.Kind == QuestionKind.SessionMatrix) questions.Add(new QuestionResult(q, n, null, [], []));
            else questions.Add(new QuestionResult(q, n, SurveyCounting.Distribution(q, values[q.Key].Select(v => ((int)v.Value, v.N)), n), [], []));
        }

        var (sessions, instructors) = await RatingsAsync(c, s);
        return new SurveyResult(s,
            byAudience.GroupBy(a => SurveyRules.ParseAudience(a.Audience) ?? Audience.Public).ToDictionary(g => g.Key, g => g.Sum(x => x.N - x.Duplicates)),
            byAudience.Sum(a => a.Duplicates), questions, sessions, instructors);
    }

    /// <summary>The texts behind a frequent term of a text question (those whose stored terms hold it, or the phrase's two words in a row).</summary>
    public static IReadOnlyList<TextAnswer> Behind(QuestionResult q, FrequentTerm term)
    {
        var ids = term.AnswerIds.ToHashSet();
        return q.Texts.Where(t => ids.Contains(t.Id)).ToList();
    }

    private async Task<(IReadOnlyList<SessionRating>, IReadOnlyList<InstructorRating>)> RatingsAsync(System.Data.Common.DbConnection c, SurveyDto s)
    {
        if (!s.Form.Questions.Any(q => q.Kind == QuestionKind.SessionMatrix)) return ([], []);
        var cells = (await c.QueryAsync<(long Session, string Aspect, long Sum, long N)>("""
            SELECT session_id, aspect, SUM(value), COUNT(*) FROM survey_answers
            WHERE survey_id = @id AND counted = @t AND session_id IS NOT NULL GROUP BY session_id, aspect
            """, new { id = s.Id, t = true })).ToList();
        var raters = (await c.QueryAsync<(long Session, long N)>("""
            SELECT session_id, COUNT(DISTINCT response_id) FROM survey_answers
            WHERE survey_id = @id AND counted = @t AND session_id IS NOT NULL GROUP BY session_id
            """, new { id = s.Id, t = true })).ToDictionary(r => r.Session, r => r.N);
        var sessions = (await surveys.SessionsAsync(s.CohortId)).Select(x => new SessionRating(x.Id, x.Date, x.Title, x.Instructors,
            SessionAspects.All.ToDictionary(a => a, a => cells.Where(cell => cell.Session == x.Id && cell.Aspect == a).Select(cell => (decimal?)cell.Sum / cell.N).FirstOrDefault()),
            raters.GetValueOrDefault(x.Id))).ToList();
        var taught = (await c.QueryAsync<(long Session, long Instructor, string Name)>("""
            SELECT si.session_id, i.id, i.name FROM session_instructors si JOIN instructors i ON i.id = si.instructor_id
            JOIN sessions x ON x.id = si.session_id WHERE x.cohort_id = @cohortId
            """, new { cohortId = s.CohortId })).ToList();
        var instructorCells = cells.Where(x => x.Aspect == SessionAspects.Instructor).ToDictionary(x => x.Session);
        var instructors = taught.GroupBy(t => (t.Instructor, t.Name)).Select(g =>
        {
            var mine = g.Select(t => instructorCells.GetValueOrDefault(t.Session)).Where(x => x.N > 0).ToList();
            var n = mine.Sum(x => x.N);
            return n == 0 ? null : new InstructorRating(g.Key.Instructor, g.Key.Name, (decimal)mine.Sum(x => x.Sum) / n, n, mine.Count);
        }).OfType<InstructorRating>().OrderByDescending(r => r.Mean).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return (sessions, instructors);
    }
}

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
public sealed class SurveyResults(Db db, SurveyStore surveys, ILogger<SurveyResults> log)
{
    /// <summary>The newest texts listed under a text question; the answers behind a term, a page at a time.</summary>
    public const int TextsShown = 200, BehindShown = 50;

    /// <summary>How many answers count (submitted, not a device's duplicate).</summary>
    public async Task<long> CountAsync(long surveyId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @surveyId AND submitted_at IS NOT NULL AND duplicate = @f", new { surveyId, f = false });
    }

    /// <summary>One group of the analysis' single pass: a question's (session, aspect, value), its items, and how many of them are respondents' and raters' first.</summary>
    private sealed record Group(string Key, long? Session, string? Aspect, long? Value, long N, long Respondents, long Raters);

    public async Task<SurveyResult?> ResultAsync(long cohortId, long surveyId)
    {
        var time = new StepTimes();
        if (await surveys.GetAsync(cohortId, surveyId) is not { } s) return null;
        await using var c = await db.OpenAsync();
        var args = new { id = s.Id, t = true };
        var byAudience = (await c.QueryAsync<(string Audience, long N, long Duplicates)>("""
            SELECT audience, COUNT(*), SUM(CASE WHEN duplicate THEN 1 ELSE 0 END) FROM survey_responses
            WHERE survey_id = @id AND submitted_at IS NOT NULL GROUP BY audience
            """, args)).ToList();
        time.Step("audiences");
        // every counted item of the survey in one pass over ix_survey_answers_count (covering, in its order): choices'
        // and ratings' counts, matrix cells, respondents per question and raters per session (the first-of flags)
        var groups = (await c.QueryAsync<Group>("""
            SELECT question_key AS Key, session_id AS Session, aspect AS Aspect, value AS Value, COUNT(*) AS N,
                   SUM(CASE WHEN first_of_question THEN 1 ELSE 0 END) AS Respondents, SUM(CASE WHEN first_of_session THEN 1 ELSE 0 END) AS Raters
            FROM survey_answers WHERE survey_id = @id AND counted = @t GROUP BY question_key, session_id, aspect, value
            """, args)).ToList();
        time.Step("groups");
        var respondents = groups.GroupBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Respondents));
        var values = groups.Where(g => g.Session is null && g.Value is not null).ToLookup(g => g.Key);

        var questions = new List<QuestionResult>();
        foreach (var q in s.Form.Questions)
        {
            var n = respondents.GetValueOrDefault(q.Key);
            if (q.Kind == QuestionKind.Text)
            {
                // the question's texts through ix_survey_answers_text; their terms were cut when saved and are only counted here
                var these = (await c.QueryAsync<(long Id, string Text, string? Terms)>("""
                    SELECT id, text_value, terms FROM survey_answers
                    WHERE survey_id = @id AND question_key = @key AND counted = @t AND text_value IS NOT NULL ORDER BY id
                    """, new { id = s.Id, key = q.Key, t = true })).ToList();
                var terms = SurveyCounting.Frequent(these.Select(x => (x.Id, Split(x.Terms))), idsPerTerm: 0);
                questions.Add(new QuestionResult(q, n, null, terms, these.TakeLast(TextsShown).Select(x => new TextAnswer(x.Id, x.Text)).ToList()));
                time.Step("texts " + q.Key);
            }
            else if (q.Kind == QuestionKind.SessionMatrix) questions.Add(new QuestionResult(q, n, null, [], []));
            else questions.Add(new QuestionResult(q, n, SurveyCounting.Distribution(q, values[q.Key].Select(v => ((int)v.Value!.Value, v.N)), n), [], []));
        }

        var (sessions, instructors) = await RatingsAsync(c, s, groups);
        time.Step("ratings");
        log.LogDebug("Survey {Survey} analysis: {Steps}", s.Id, time);
        return new SurveyResult(s,
            byAudience.GroupBy(a => SurveyRules.ParseAudience(a.Audience) ?? Audience.Public).ToDictionary(g => g.Key, g => g.Sum(x => x.N - x.Duplicates)),
            byAudience.Sum(a => a.Duplicates), questions, sessions, instructors);
    }

    private static IReadOnlyList<string> Split(string? terms) => (terms ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The answers behind a frequent term of a text question (their stored terms hold the word, or the phrase's two words
    /// in a row), oldest first, <paramref name="take"/> after the answer <paramref name="after"/>; <c>More</c>: others follow.
    /// </summary>
    public async Task<(IReadOnlyList<TextAnswer> Answers, bool More)> BehindAsync(long surveyId, string key, string term, long after, int take = BehindShown)
    {
        await using var c = await db.OpenAsync();
        var found = new List<TextAnswer>();
        foreach (var (id, text, terms) in await c.QueryAsync<(long Id, string Text, string? Terms)>("""
            SELECT id, text_value, terms FROM survey_answers
            WHERE survey_id = @surveyId AND question_key = @key AND counted = @t AND text_value IS NOT NULL AND id > @after ORDER BY id
            """, new { surveyId, key, t = true, after }))
        {
            if (!SurveyCounting.Holds(Split(terms), term)) continue;
            if (found.Count == take) return (found, true);
            found.Add(new TextAnswer(id, text));
        }
        return (found, false);
    }

    /// <summary>Milliseconds per step of the analysis, logged at Debug (Logging:LogLevel:CommunityAcademy.Web.Features.Surveys.SurveyResults).</summary>
    private sealed class StepTimes
    {
        private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
        private readonly List<string> _steps = [];
        public void Step(string name) { _steps.Add($"{name} {_watch.Elapsed.TotalMilliseconds:F1} ms"); _watch.Restart(); }
        public override string ToString() => string.Join(", ", _steps);
    }

    private async Task<(IReadOnlyList<SessionRating>, IReadOnlyList<InstructorRating>)> RatingsAsync(System.Data.Common.DbConnection c, SurveyDto s, IReadOnlyList<Group> groups)
    {
        if (!s.Form.Questions.Any(q => q.Kind == QuestionKind.SessionMatrix)) return ([], []);
        var matrix = groups.Where(g => g.Session is not null).ToList();
        var cells = matrix.Where(g => g.Value is not null && g.Aspect is not null).GroupBy(g => (Session: g.Session!.Value, Aspect: g.Aspect!))
            .Select(g => (g.Key.Session, g.Key.Aspect, Sum: g.Sum(x => x.Value!.Value * x.N), N: g.Sum(x => x.N))).ToList();
        var raters = matrix.GroupBy(g => g.Session!.Value).ToDictionary(g => g.Key, g => g.Sum(x => x.Raters));
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

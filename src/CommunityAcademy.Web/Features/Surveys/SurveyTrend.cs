using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>One class's mean on a question (a survey of that class asking the same key).</summary>
public sealed record TrendPoint(long CohortId, string Cohort, long SurveyId, decimal Mean, long Answers);

/// <summary>A rating question compared across the classes of the program, oldest class first.</summary>
public sealed record TrendLine(string Key, string Title, IReadOnlyList<TrendPoint> Points);

/// <summary>
/// The same question across the classes of a program (#23 point 4): surveys copied as templates keep their keys, so a
/// rating asked under one key is compared class by class (the mean of counted answers).
/// </summary>
public sealed class SurveyTrend(Db db)
{
    public async Task<IReadOnlyList<TrendLine>> ForSurveyAsync(SurveyDto s, long programId)
    {
        var ratings = s.Form.Questions.Where(q => q.Kind is QuestionKind.Rating5 or QuestionKind.Rating10).ToList();
        if (ratings.Count == 0) return [];
        await using var c = await db.OpenAsync();
        var args = new DynamicParameters(new { programId, t = true });
        for (var i = 0; i < ratings.Count; i++) args.Add("k" + i, ratings[i].Key);
        var keys = string.Join(", ", ratings.Select((_, i) => "@k" + i)); // named parameters: both databases (Npgsql sends a list as one array)
        var rows = (await c.QueryAsync<(long Cohort, string Title, long Survey, string Key, long Sum, long N)>($"""
            SELECT co.id, co.title, s.id, a.question_key, SUM(a.value), COUNT(*)
            FROM survey_answers a JOIN surveys s ON s.id = a.survey_id JOIN cohorts co ON co.id = s.cohort_id
            WHERE co.program_id = @programId AND a.counted = @t AND a.session_id IS NULL AND a.value IS NOT NULL AND a.question_key IN ({keys})
            GROUP BY co.id, co.title, co.start_date, s.id, a.question_key
            ORDER BY co.start_date, co.id, s.id
            """, args)).ToList();
        return ratings.Select(q => new TrendLine(q.Key, q.Title,
                rows.Where(r => r.Key == q.Key && r.N > 0).Select(r => new TrendPoint(r.Cohort, r.Title, r.Survey, (decimal)r.Sum / r.N, r.N)).ToList()))
            .Where(l => l.Points.Count > 1 || (l.Points.Count == 1 && l.Points[0].SurveyId != s.Id)).ToList();
    }
}

using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>A mean rating (1–5) and how many ratings it is of.</summary>
public sealed record Rating(decimal Mean, long Count);

/// <summary>
/// Session ratings from every survey's matrix (counted answers), for the course library (by the course a session was
/// filled in from: all three aspects) and the instructors' page (the "instructor" aspect of the sessions they taught).
/// Read-only lines beside those pages' rows.
/// </summary>
public sealed class SurveyRatings(Db db)
{
    public async Task<IReadOnlyDictionary<long, Rating>> ByCourseAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, long Sum, long N)>("""
            SELECT sc.course_id, SUM(a.value), COUNT(*) FROM survey_answers a JOIN session_courses sc ON sc.session_id = a.session_id
            WHERE a.counted = @t AND a.session_id IS NOT NULL GROUP BY sc.course_id
            """, new { t = true })).Where(r => r.N > 0).ToDictionary(r => r.Id, r => new Rating((decimal)r.Sum / r.N, r.N));
    }

    public async Task<IReadOnlyDictionary<long, Rating>> ByInstructorAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, long Sum, long N)>("""
            SELECT si.instructor_id, SUM(a.value), COUNT(*) FROM survey_answers a JOIN session_instructors si ON si.session_id = a.session_id
            WHERE a.counted = @t AND a.aspect = @aspect AND si.instructor_id IS NOT NULL GROUP BY si.instructor_id
            """, new { t = true, aspect = SessionAspects.Instructor })).Where(r => r.N > 0).ToDictionary(r => r.Id, r => new Rating((decimal)r.Sum / r.N, r.N));
    }
}

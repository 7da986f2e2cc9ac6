using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Search;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>Who is answering: a signed-in person (as trainee, instructor or staff), a host's link, or a device on the public link.</summary>
public sealed record Respondent(Audience Audience, long? UserId = null, long? HostId = null, string? DeviceKey = null);

/// <summary>What a save did: the response, submitted or a draft, and whether it was flagged as a device's second answer.</summary>
public sealed record SavedAnswer(long ResponseId, bool Submitted, bool Duplicate);

/// <summary>
/// Answering a survey (#23 point 3): a draft saved as one types (autosave), then submitted once. A person's second answer
/// and a host link's second answer are refused; a device's second answer on the public link is kept, flagged duplicate
/// and left out of the counts. In an anonymous survey the submitted response loses its person (survey_takers keeps only
/// that they answered) and its times are kept to the hour. Free texts are cut into terms when saved (ChineseText.Terms).
/// </summary>
public sealed class SurveyAnswers(Db db, SurveyStore surveys, ChineseText text, TimeProvider clock)
{
    /// <summary>As whom <paramref name="me"/> answers a survey of the class: trainee (enrolled), instructor (teaches a session or is the class's instructor), staff; null when none the survey asks.</summary>
    public async Task<Audience?> AudienceOfAsync(CurrentUser me, SurveyDto s)
    {
        await using var c = await db.OpenAsync();
        var cohortId = s.CohortId;
        if (s.Asks(Audience.Trainees) && me.IsIn(Role.Trainee)
            && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM enrollments WHERE cohort_id = @cohortId AND user_id = @id", new { cohortId, id = me.Id }) > 0)
            return Audience.Trainees;
        if (s.Asks(Audience.Instructors) && await c.ExecuteScalarAsync<long>("""
                SELECT (SELECT COUNT(*) FROM cohort_staff WHERE cohort_id = @cohortId AND user_id = @id AND role = 'instructor')
                     + (SELECT COUNT(*) FROM session_instructors si JOIN sessions x ON x.id = si.session_id JOIN instructors i ON i.id = si.instructor_id
                        WHERE x.cohort_id = @cohortId AND i.user_id = @id)
                """, new { cohortId, id = me.Id }) > 0)
            return Audience.Instructors;
        if (s.Asks(Audience.Staff) && me.IsStaff) return Audience.Staff;
        return null;
    }

    /// <summary>Has this person or host link already submitted? (A device may: its second answer is flagged.)</summary>
    public async Task<bool> AnsweredAsync(SurveyDto s, Respondent who)
    {
        await using var c = await db.OpenAsync();
        return await AnsweredAsync(c, null, s.Id, who);
    }

    private static async Task<bool> AnsweredAsync(DbConnection c, DbTransaction? tx, long surveyId, Respondent who) => who switch
    {
        { UserId: { } u } => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_takers WHERE survey_id = @surveyId AND user_id = @u", new { surveyId, u }, tx) > 0,
        { HostId: { } h } => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_responses WHERE host_id = @h AND submitted_at IS NOT NULL", new { h }, tx) > 0,
        _ => false,
    };

    /// <summary>The respondent's draft (field name → values, as the form posts them), to fill the form again; empty when none.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> DraftAsync(SurveyDto s, Respondent who)
    {
        await using var c = await db.OpenAsync();
        var id = await DraftIdAsync(c, null, s.Id, who);
        if (id is null) return new Dictionary<string, IReadOnlyList<string>>();
        var items = await c.QueryAsync<(string Key, long? SessionId, string? Aspect, long? Value, string? Text)>(
            "SELECT question_key, session_id, aspect, value, text_value FROM survey_answers WHERE response_id = @id ORDER BY id", new { id });
        return items.GroupBy(i => i.SessionId is { } sid ? $"q:{i.Key}:{sid}:{i.Aspect}" : "q:" + i.Key)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(i => i.Text ?? i.Value?.ToString() ?? "").ToList());
    }

    private static Task<long?> DraftIdAsync(DbConnection c, DbTransaction? tx, long surveyId, Respondent who) => who switch
    {
        { UserId: { } u } => c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM survey_responses WHERE survey_id = @surveyId AND user_id = @u AND submitted_at IS NULL", new { surveyId, u }, tx),
        { HostId: { } h } => c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM survey_responses WHERE host_id = @h AND submitted_at IS NULL", new { h }, tx),
        { DeviceKey: { } d } => c.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM survey_responses WHERE survey_id = @surveyId AND device_key = @d AND submitted_at IS NULL", new { surveyId, d }, tx),
        _ => Task.FromResult<long?>(null),
    };

    /// <summary>
    /// Saves what was posted as the respondent's draft (<paramref name="submit"/> false: incomplete is fine) or submits it
    /// (required questions answered). Refused: not open, already answered, an invalid or too long answer — nothing written.
    /// </summary>
    public async Task<Result<SavedAnswer>> SaveAsync(SurveyDto s, Respondent who, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> posted, bool submit)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        if (SurveyRules.Window(s.OpensAt, s.ClosesAt, now) is { } shut) return shut;
        if (!s.Asks(who.Audience)) return new Error("Survey.NotForYou");
        var sessions = s.Form.Questions.Any(q => q.Kind == QuestionKind.SessionMatrix) ? (await surveys.SessionsAsync(s.CohortId)).Select(x => x.Id).ToList() : [];
        var checkedItems = SurveyRules.Check(s.Form, sessions, posted, submit);
        if (!checkedItems.IsOk) return checkedItems.Error!;
        // each item flagged when it is its response's first for its question, and (a matrix cell) for its session: the
        // analysis counts respondents and raters by summing these instead of COUNT(DISTINCT response_id)
        var questionsSeen = new HashSet<string>(StringComparer.Ordinal);
        var sessionsSeen = new HashSet<long>();
        var items = checkedItems.Value!.Select(i => (Item: i, Terms: i.Text is null ? null : string.Join(' ', text.Terms(i.Text)),
            FirstOfQuestion: questionsSeen.Add(i.Key), FirstOfSession: i.SessionId is { } sid && sessionsSeen.Add(sid))).ToList();
        var stamp = s.Anonymous && who.UserId is not null && submit ? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) : now;
        try
        {
            return await db.InTransactionAsync<Result<SavedAnswer>>(async (c, tx) =>
            {
                if (await AnsweredAsync(c, tx, s.Id, who)) return new Error("Survey.AlreadyAnswered");
                var duplicate = submit && who.DeviceKey is { } device && await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @id AND device_key = @device AND submitted_at IS NOT NULL", new { id = s.Id, device }, tx) > 0;
                var id = await DraftIdAsync(c, tx, s.Id, who) ?? await c.ExecuteScalarAsync<long>("""
                    INSERT INTO survey_responses (survey_id, audience, user_id, host_id, device_key, duplicate, updated_at)
                    VALUES (@survey, @audience, @user, @host, @device, @f, @now) RETURNING id
                    """, new { survey = s.Id, audience = SurveyRules.Word(who.Audience), user = who.UserId, host = who.HostId, device = who.DeviceKey, f = false, now }, tx);
                await c.ExecuteAsync("DELETE FROM survey_answers WHERE response_id = @id", new { id }, tx);
                var counted = submit && !duplicate;
                await c.ExecuteAsync("""
                    INSERT INTO survey_answers (response_id, survey_id, counted, question_key, session_id, aspect, value, text_value, terms, first_of_question, first_of_session)
                    VALUES (@id, @survey, @counted, @key, @session, @aspect, @value, @text, @terms, @fq, @fs)
                    """, items.Select(x => new { id, survey = s.Id, counted, key = x.Item.Key, session = x.Item.SessionId, aspect = x.Item.Aspect,
                        value = x.Item.Value, text = x.Item.Text, terms = x.Terms, fq = x.FirstOfQuestion, fs = x.FirstOfSession }), tx);
                if (submit)
                {
                    await c.ExecuteAsync("""
                        UPDATE survey_responses SET submitted_at = @stamp, updated_at = @stamp, duplicate = @duplicate,
                               user_id = CASE WHEN @anonymous THEN NULL ELSE user_id END WHERE id = @id
                        """, new { id, stamp, duplicate, anonymous = s.Anonymous }, tx);
                    if (who.UserId is { } u)
                        await c.ExecuteAsync("INSERT INTO survey_takers (survey_id, user_id) VALUES (@survey, @u)", new { survey = s.Id, u }, tx);
                }
                else await c.ExecuteAsync("UPDATE survey_responses SET updated_at = @now WHERE id = @id", new { id, now }, tx);
                return Result<SavedAnswer>.Ok(new SavedAnswer(id, submit, duplicate));
            });
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return new Error("Survey.AlreadyAnswered"); // two submits of one person at once: the second finds the first
        }
    }
}

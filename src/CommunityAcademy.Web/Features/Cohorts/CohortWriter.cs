using System.Data.Common;
using CommunityAcademy.Domain.Cohorts;
using Dapper;

namespace CommunityAcademy.Web.Features.Cohorts;

public sealed record NewSession(DateOnly Date, string Start, string End, string Title, string Type, string Instructors, string? Venue = null);
public sealed record NewQuotaLine(long UnitId, string Position, int Places, string? WrittenAs = null);

public sealed record NewCohort(
    string ProgramName, string? ProgramSeries, string Title, int? Number, string? Theme,
    DateOnly StartDate, DateOnly EndDate, string? Venue, string? Format, string TimeZone,
    string? Issuer, DateOnly? IssuedOn, string? ContactName, string? ContactPhone, DateOnly? ReceiptDeadline,
    bool Accommodation, IReadOnlyList<string> Meals, bool LeaveAllowed, int ArriveMinutesBefore, bool SignInEverySession,
    bool FullTimeRelease, string? UnauthorizedDeparture, bool BulletinAfterClass,
    IReadOnlyList<(string Role, string Name)> Hosts,
    IReadOnlyList<(string Category, string Label, int Headcount)> Categories,
    IReadOnlyList<NewSession> Sessions,
    IReadOnlyList<NewQuotaLine> Quotas,
    IReadOnlyList<(long ScopeUnitId, long SubmitterUnitId)> Submitters);

/// <summary>Writes a whole cohort in the caller's transaction (the demo now; the enrollment API later).</summary>
public static class CohortWriter
{
    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, NewCohort n)
    {
        var now = DateTimeOffset.UtcNow;
        var programId = await c.ExecuteScalarAsync<long?>("SELECT id FROM programs WHERE name = @name", new { name = n.ProgramName }, tx)
            ?? await c.ExecuteScalarAsync<long>("INSERT INTO programs (name, series, created_at) VALUES (@name, @series, @now) RETURNING id",
                new { name = n.ProgramName, series = n.ProgramSeries, now }, tx);
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO cohorts (program_id, title, number, theme, start_date, end_date, venue, format, time_zone, issuer, issued_on,
                contact_name, contact_phone, receipt_deadline, accommodation, meals, leave_allowed, arrive_minutes_before,
                sign_in_every_session, full_time_release, unauthorized_departure, bulletin_after_class, created_at)
            VALUES (@programId, @Title, @Number, @Theme, @StartDate, @EndDate, @Venue, @Format, @TimeZone, @Issuer, @IssuedOn,
                @ContactName, @ContactPhone, @ReceiptDeadline, @Accommodation, @meals, @LeaveAllowed, @ArriveMinutesBefore,
                @SignInEverySession, @FullTimeRelease, @UnauthorizedDeparture, @BulletinAfterClass, @now)
            RETURNING id
            """, new
        {
            programId, n.Title, n.Number, n.Theme, n.StartDate, n.EndDate, n.Venue, n.Format, n.TimeZone, n.Issuer, n.IssuedOn,
            n.ContactName, n.ContactPhone, n.ReceiptDeadline, n.Accommodation, meals = string.Join(",", n.Meals), n.LeaveAllowed,
            n.ArriveMinutesBefore, n.SignInEverySession, n.FullTimeRelease, n.UnauthorizedDeparture, n.BulletinAfterClass, now,
        }, tx);

        var order = 0;
        foreach (var (role, name) in n.Hosts)
            await c.ExecuteAsync("INSERT INTO cohort_hosts (cohort_id, role, name, sort_order) VALUES (@id, @role, @name, @order)",
                new { id, role, name, order = order++ }, tx);
        order = 0;
        foreach (var (category, label, headcount) in n.Categories)
            await c.ExecuteAsync("INSERT INTO participant_categories (cohort_id, category, label, headcount, sort_order) VALUES (@id, @category, @label, @headcount, @order)",
                new { id, category, label, headcount, order = order++ }, tx);
        order = 0;
        foreach (var s in n.Sessions)
        {
            if (!ClassClock.TryParseTime(s.Start, out var start) || !ClassClock.TryParseTime(s.End, out var end))
                throw new ArgumentException($"Bad session time {s.Start}-{s.End}");
            await c.ExecuteAsync("""
                INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, instructors, venue, sort_order)
                VALUES (@id, @date, @start, @end, @startsAt, @endsAt, @title, @type, @instructors, @venue, @order)
                """, new
            {
                id, date = s.Date, start = start.ToString("HH:mm"), end = end.ToString("HH:mm"),
                startsAt = ClassClock.ToInstant(s.Date, start, n.TimeZone), endsAt = ClassClock.ToInstant(s.Date, end, n.TimeZone),
                title = s.Title, type = s.Type, instructors = s.Instructors, venue = s.Venue, order = order++,
            }, tx);
        }
        order = 0;
        foreach (var q in n.Quotas)
            await c.ExecuteAsync("INSERT INTO quota_lines (cohort_id, unit_id, position, places, sort_order, written_as) VALUES (@id, @UnitId, @Position, @Places, @order, @WrittenAs)",
                new { id, q.UnitId, q.Position, q.Places, order = order++, q.WrittenAs }, tx);
        foreach (var (scope, submitter) in n.Submitters)
            await c.ExecuteAsync("INSERT INTO receipt_submitters (cohort_id, scope_unit_id, submitter_unit_id) VALUES (@id, @scope, @submitter)",
                new { id, scope, submitter }, tx);
        return id;
    }
}

using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Enrollment;

public enum RevealOutcome { Revealed, NotFound, Forbidden, TooMany }

public sealed record RevealResult(RevealOutcome Outcome, string? Phone = null, string? Name = null);

/// <summary>
/// The roster's personal data: masking each row as <see cref="PersonalData"/> decides, with the receipt that named the
/// trainee as the record's submitting unit; and a head teacher's reveal of one trainee's number, audited and limited.
/// </summary>
public static class RosterPersonalData
{
    public const string RevealAction = "phone.reveal";

    /// <summary>Enrollment → the submitting scope of the receipt that named it (substitutes and copies have none).</summary>
    public static async Task<Dictionary<long, long>> SubmittingScopesAsync(Db db, long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, long Scope)>("""
            SELECT e.id, rc.scope_unit_id FROM enrollments e
            JOIN receipt_rows rr ON rr.id = e.receipt_row_id JOIN receipts rc ON rc.id = rr.receipt_id
            WHERE e.cohort_id = @cohortId
            """, new { cohortId })).ToDictionary(x => x.Id, x => x.Scope);
    }

    public static async Task MaskAsync(Db db, PersonalData personal, long cohortId, IReadOnlyList<RosterEntry> entries)
    {
        if (personal.SeesEveryNumber || entries.Count == 0) return;
        var scopes = await SubmittingScopesAsync(db, cohortId);
        foreach (var e in entries)
        {
            var record = new PersonRecord(e.UserId, scopes.TryGetValue(e.Id, out var s) ? s : null);
            if (personal.SeesInFull(record)) continue;
            e.Phone = personal.Phone(e.Phone, record);
            e.IdNumber = personal.IdNumber(e.IdNumber, record);
            e.Username = personal.Username(e.Username, record);
            e.PhoneMasked = !string.IsNullOrEmpty(e.Phone);
        }
    }

    /// <summary>
    /// One trainee's number in full, for a head teacher who must call a missing trainee (organizers and administrators
    /// see it anyway): audited with who, when and whom, never the number; at most <paramref name="perHour"/> an hour for
    /// those who do not see every number.
    /// </summary>
    public static async Task<RevealResult> RevealAsync(Db db, CohortStore cohorts, TimeProvider clock, CurrentUser me,
        long cohortId, long enrollmentId, int perHour)
    {
        if (await cohorts.FindVisibleAsync(me, cohortId) is null) return new(RevealOutcome.NotFound);
        var personal = PersonalData.For(me);
        if (!personal.MayReveal) return new(RevealOutcome.Forbidden);
        var now = clock.GetUtcNow();
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var rows = (await c.QueryAsync<(string? Phone, string Name)>("""
                SELECT phone, name FROM enrollments
                WHERE id = @enrollmentId AND cohort_id = @cohortId AND category = 'trainee' AND status = 'active'
                """, new { enrollmentId, cohortId }, tx)).ToList();
            if (rows is not [var r] || string.IsNullOrEmpty(r.Phone)) return new RevealResult(RevealOutcome.NotFound);
            if (!personal.SeesEveryNumber && await Audit.CountSinceAsync(c, tx, me.Id, RevealAction, now.AddHours(-1)) >= perHour)
                return new RevealResult(RevealOutcome.TooMany);
            await Audit.WriteAsync(c, tx, me.Id, now, "enrollment", enrollmentId, RevealAction, reason: $"cohort {cohortId}");
            return new RevealResult(RevealOutcome.Revealed, r.Phone, r.Name);
        });
    }
}

using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>A trainee of the roster with the state of their one-time code.</summary>
public sealed record TraineeCode(RosterEntry Trainee, CodeState State);

public enum CodeListOutcome { Ok, NotFound, NotLocked }

/// <summary>
/// 学员登录码: the codes of a class's trainees as the slips and the unit contact's list show them, and their re-issue
/// (a forgotten password, an expired code) by a head teacher or organizer. Reading the codes and issuing them are audited.
/// Who sees which trainees is the roster's rule: a unit contact its own subtree, staff the whole class.
/// </summary>
public sealed class TraineeCodes(Db db, CohortStore cohorts, RosterService roster, OneTimeCodes codes, SessionValidator sessions, TimeProvider clock)
{
    public async Task<(CodeListOutcome Outcome, CohortRow? Cohort, IReadOnlyList<TraineeCode> Codes)> ListAsync(CurrentUser me, long cohortId,
        string? auditAs = null)
    {
        if (await cohorts.FindVisibleAsync(me, cohortId) is not { } cohort) return (CodeListOutcome.NotFound, null, []);
        var entries = await roster.VisibleAsync(me, cohortId) ?? [];
        if (!cohort.IsRosterLocked(clock.GetUtcNow()) && entries.Count == 0) return (CodeListOutcome.NotLocked, cohort, []);
        var states = await codes.StatesAsync(cohortId);
        var list = entries.Where(e => e.UserId is { } u && states.ContainsKey(u))
            .Select(e => new TraineeCode(e, states[e.UserId!.Value])).ToList();
        if (auditAs is not null)
        {
            await using var c = await db.OpenAsync();
            await Audit.WriteAsync(c, null, me.Id, clock.GetUtcNow(), "cohort", cohortId, auditAs,
                newValue: $"{list.Count(x => x.State.Usable(clock.GetUtcNow()))} codes");
        }
        return (CodeListOutcome.Ok, cohort, list);
    }

    /// <summary>
    /// A new code for one trainee: the old password or code stops working, every session of the account ends. Null when the
    /// trainee is not on the caller's roster of this class.
    /// </summary>
    public async Task<(IssuedCode Code, RosterEntry Trainee)?> ReissueAsync(CurrentUser me, long cohortId, long enrollmentId)
    {
        var entry = (await roster.VisibleAsync(me, cohortId))?.FirstOrDefault(e => e.Id == enrollmentId && e.UserId is not null);
        if (entry is null) return null;
        var issued = codes.Issue();
        await db.InTransactionAsync(async (c, tx) =>
        {
            await OneTimeCodes.ResetAsync(c, tx, entry.UserId!.Value, issued, clock.GetUtcNow());
            await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "user", entry.UserId, "account.code-reissue",
                reason: $"cohort {cohortId}, enrollment {enrollmentId}");
            return 0;
        });
        sessions.ForgetUser(entry.UserId!.Value);
        return (issued, entry);
    }

    /// <summary>New codes for every trainee of the caller's roster who has not yet set a password; how many, or why none.</summary>
    public async Task<(CodeListOutcome Outcome, int Count)> ReissueUnusedAsync(CurrentUser me, long cohortId)
    {
        var (outcome, _, list) = await ListAsync(me, cohortId);
        if (outcome != CodeListOutcome.Ok) return (outcome, 0);
        var due = list.Where(x => !x.State.PasswordSet).ToList();
        var issued = due.AsParallel().Select(x => (x.Trainee.UserId!.Value, codes.Issue())).ToList(); // hashing is slow: before the transaction
        await db.InTransactionAsync(async (c, tx) =>
        {
            foreach (var (userId, code) in issued) await OneTimeCodes.ResetAsync(c, tx, userId, code, clock.GetUtcNow());
            await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "cohort", cohortId, "account.code-reissue", newValue: $"{issued.Count} codes");
            return 0;
        });
        foreach (var (userId, _) in issued) sessions.ForgetUser(userId);
        return (outcome, issued.Count);
    }
}

using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 004 (#19 points 2–3): "根据学员的任务完成度和实际表现进行打分，最终评选一批优秀学员". The class's formula weighs
/// attendance 40 and the practice tasks 60 (the class writes no plan); 优秀学员: 3 of the 12, at most one per community.
/// The rule is stored here; the demo's organizer confirms the list it chooses when issuing the 优秀学员证书
/// (<see cref="SeedCertificates"/>, #22).
/// </summary>
public static class Seed004Outstanding
{
    public static readonly ScoreFormula Formula = new(Attendance: 40, Tasks: 60, Plan: 0, Online: 0, MaxDepartures: 0, MaxAbsences: null);
    public static readonly SelectionRule Rule = new(Count: 3, Share: null, CapPerUnit: 1, CapLevel: 4);

    public static async Task SeedAsync(Db db, ClassScoreStore scores, OutstandingStore outstanding)
    {
        long cohortId;
        Infrastructure.Security.CurrentUser organizer;
        await using (var c = await db.OpenAsync())
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title }) is not { } id) return;
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outstanding_rules WHERE cohort_id = @id", new { id }) > 0) return;
            cohortId = id;
            var (uid, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @u", new { u = Seed004.Organizer });
            organizer = new Infrastructure.Security.CurrentUser(uid, Seed004.Organizer, name, new HashSet<string> { Domain.Accounts.Role.Organizer }, unit);
        }
        if (await scores.SaveFormulaAsync(organizer, cohortId, Formula) is { } e1) throw new InvalidOperationException($"seed 004 formula: {e1.Code}");
        if (await outstanding.SaveRuleAsync(organizer, cohortId, Rule) is { } e2) throw new InvalidOperationException($"seed 004 rule: {e2.Code}");
    }
}

using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>An adjustment: a trainee added to or removed from the selection, why, by whom.</summary>
public sealed record OutstandingAdjustment(long EnrollmentId, string Action, string Reason, DateTimeOffset At, string? By);

/// <summary>A trainee on the list: by the rule or added by hand (with the reason).</summary>
public sealed record OutstandingPick(int Position, TraineeScore Trainee, bool Added, string? Reason);

/// <summary>A row of the confirmed list as stored.</summary>
public sealed record ConfirmedPick(int Position, long EnrollmentId, string Name, string? Unit, int? Rank, decimal Score, bool Added);

/// <summary>
/// The outstanding-trainees page: the scores, the rule (null: none yet), the selection it makes with the cap's units named,
/// the adjustments, the list that results, and the confirmed list when confirmed.
/// </summary>
public sealed record OutstandingDto(ClassScoresDto Scores, SelectionRule? Rule, Selection? Selection, IReadOnlyDictionary<long, string> CapUnitNames,
    IReadOnlyList<OutstandingAdjustment> Adjustments, IReadOnlyList<OutstandingPick> List, DateTimeOffset? ConfirmedAt, string? ConfirmedBy,
    IReadOnlyList<ConfirmedPick> Confirmed)
{
    public bool IsConfirmed => ConfirmedAt is not null;
    public OutstandingAdjustment? AdjustmentOf(long enrollmentId) => Adjustments.FirstOrDefault(a => a.EnrollmentId == enrollmentId);
}

/// <summary>
/// 优秀学员 (#19 point 3): the rule kept per class, the domain's <see cref="OutstandingSelection"/> on the class ranking,
/// the organizer's adjustments (add or remove with a reason) and the confirmation, each one audited; the confirmed list is
/// stored as it stood, for the notice and the export. While confirmed, nothing changes until the organizer reopens it.
/// </summary>
public sealed class OutstandingStore(Db db, ClassScoreStore scores, TimeProvider clock)
{
    public const int MaxReason = 500;

    public async Task<OutstandingDto> GetAsync(long cohortId)
    {
        var s = await scores.ScoresAsync(cohortId);
        await using var c = await db.OpenAsync();
        var r = await c.QuerySingleOrDefaultAsync<RuleRow>("""
            SELECT o.count_asked, o.share_asked, o.cap_per_unit, o.cap_level, o.confirmed_at, u.display_name AS confirmed_by
            FROM outstanding_rules o LEFT JOIN users u ON u.id = o.confirmed_by WHERE o.cohort_id = @cohortId
            """, new { cohortId });
        var rule = r is null ? null : new SelectionRule(r.CountAsked, r.ShareAsked, r.CapPerUnit, r.CapLevel);
        var adjustments = (await c.QueryAsync<AdjustmentRow>("""
            SELECT a.enrollment_id, a.action, a.reason, a.created_at, u.display_name AS by_name
            FROM outstanding_adjustments a LEFT JOIN users u ON u.id = a.created_by WHERE a.cohort_id = @cohortId ORDER BY a.created_at
            """, new { cohortId })).Select(a => new OutstandingAdjustment(a.EnrollmentId, a.Action, a.Reason, a.CreatedAt, a.ByName)).ToList();

        Selection? selection = null;
        var capNames = new Dictionary<long, string>();
        if (rule is not null)
        {
            var capUnit = new Dictionary<long, long?>();
            if (rule.CapLevel is { } level)
            {
                var units = (await c.QueryAsync<(long Id, string Kind, string Name)>("SELECT id, kind, name FROM units"))
                    .ToDictionary(u => u.Id, u => (Level: UnitKinds.TryParse(u.Kind, out var k) ? k.Level() : 0, u.Name));
                foreach (var t in s.Rows)
                {
                    long? at = null;
                    foreach (var id in (t.UnitPath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse))
                        if (units.TryGetValue(id, out var u) && u.Level == level) { at = id; capNames[id] = u.Name; }
                    capUnit[t.EnrollmentId] = at;
                }
            }
            var ranked = s.Rows.Where(t => t.Rank is not null)
                .Select(t => new Candidate(t.EnrollmentId, t.Rank!.Value, t.Score.Total, capUnit.GetValueOrDefault(t.EnrollmentId))).ToList();
            selection = OutstandingSelection.Select(ranked, rule);
        }
        var chosen = selection?.Chosen.Select(x => x.Id).ToHashSet() ?? [];
        var removed = adjustments.Where(a => a.Action == "remove").Select(a => a.EnrollmentId).ToHashSet();
        var added = adjustments.Where(a => a.Action == "add").ToDictionary(a => a.EnrollmentId, a => a.Reason);
        var list = s.Rows.Where(t => (chosen.Contains(t.EnrollmentId) && !removed.Contains(t.EnrollmentId)) || added.ContainsKey(t.EnrollmentId))
            .Select((t, i) => new OutstandingPick(i + 1, t, added.ContainsKey(t.EnrollmentId), added.GetValueOrDefault(t.EnrollmentId))).ToList();

        var confirmed = r?.ConfirmedAt is null ? [] : (await c.QueryAsync<ConfirmedRow>("""
            SELECT o.position, o.enrollment_id, e.name, u.name AS unit, o.rank, o.score_x100, o.added
            FROM outstanding_trainees o JOIN enrollments e ON e.id = o.enrollment_id LEFT JOIN units u ON u.id = e.unit_id
            WHERE o.cohort_id = @cohortId ORDER BY o.position
            """, new { cohortId })).Select(x => new ConfirmedPick(x.Position, x.EnrollmentId, x.Name, x.Unit, x.Rank, x.ScoreX100 / 100m, x.Added)).ToList();
        return new OutstandingDto(s, rule, selection, capNames, adjustments, list, r?.ConfirmedAt, r?.ConfirmedBy, confirmed);
    }

    private static async Task<bool> ConfirmedAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long cohortId) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outstanding_rules WHERE cohort_id = @cohortId AND confirmed_at IS NOT NULL", new { cohortId }, tx) > 0;

    /// <summary>Stores the rule (after the domain's check); refused while the list is confirmed; audited.</summary>
    public async Task<Error?> SaveRuleAsync(CurrentUser me, long cohortId, SelectionRule rule)
    {
        if (rule.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            if (await ConfirmedAsync(c, tx, cohortId)) return new Error("Outstanding.Confirmed");
            var n = await c.ExecuteAsync("""
                UPDATE outstanding_rules SET count_asked = @Count, share_asked = @Share, cap_per_unit = @CapPerUnit, cap_level = @CapLevel, updated_at = @now, updated_by = @by
                WHERE cohort_id = @cohortId
                """, new { cohortId, rule.Count, rule.Share, rule.CapPerUnit, rule.CapLevel, now, by = me.Id }, tx);
            if (n == 0)
                await c.ExecuteAsync("""
                    INSERT INTO outstanding_rules (cohort_id, count_asked, share_asked, cap_per_unit, cap_level, updated_at, updated_by)
                    VALUES (@cohortId, @Count, @Share, @CapPerUnit, @CapLevel, @now, @by)
                    """, new { cohortId, rule.Count, rule.Share, rule.CapPerUnit, rule.CapLevel, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "outstanding.rule", null,
                $"count {rule.Count?.ToString() ?? "-"}, share {rule.Share?.ToString() ?? "-"}%, cap {rule.CapPerUnit?.ToString() ?? "-"} per level {rule.CapLevel?.ToString() ?? "-"}");
            return null;
        });
    }

    /// <summary>
    /// Adds a trainee to the list or removes one, with a reason (required, ≤ 500 characters): an active trainee of the class,
    /// not disqualified when added; a second adjustment of the same trainee replaces the first. <paramref name="action"/> "undo"
    /// takes an adjustment back. Refused while confirmed; audited.
    /// </summary>
    public async Task<Error?> AdjustAsync(CurrentUser me, long cohortId, long enrollmentId, string action, string? reason)
    {
        if (action is not ("add" or "remove" or "undo")) return new Error("Outstanding.BadAction");
        reason = reason?.Trim();
        if (action != "undo" && string.IsNullOrEmpty(reason)) return new Error("Outstanding.ReasonRequired");
        if (reason?.Length > MaxReason) return new Error("Outstanding.ReasonTooLong", MaxReason);
        var view = await GetAsync(cohortId);
        var t = view.Scores.Rows.FirstOrDefault(x => x.EnrollmentId == enrollmentId);
        if (t is null) return new Error("Outstanding.NoSuchTrainee");
        if (action == "add" && t.Score.IsDisqualified) return new Error("Outstanding.Disqualified", t.Name);
        var onList = view.List.Any(p => p.Trainee.EnrollmentId == enrollmentId);
        if (action == "add" && onList) return new Error("Outstanding.AlreadyChosen", t.Name);
        if (action == "remove" && !onList) return new Error("Outstanding.NotChosen", t.Name);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            if (await ConfirmedAsync(c, tx, cohortId)) return new Error("Outstanding.Confirmed");
            var old = await c.ExecuteScalarAsync<string?>("SELECT action FROM outstanding_adjustments WHERE cohort_id = @cohortId AND enrollment_id = @enrollmentId",
                new { cohortId, enrollmentId }, tx);
            await c.ExecuteAsync("DELETE FROM outstanding_adjustments WHERE cohort_id = @cohortId AND enrollment_id = @enrollmentId", new { cohortId, enrollmentId }, tx);
            // removing one added by hand (or adding back one removed) takes the adjustment back rather than stacking a second
            var undoes = (action == "remove" && old == "add") || (action == "add" && old == "remove");
            if (action != "undo" && !undoes)
                await c.ExecuteAsync("""
                    INSERT INTO outstanding_adjustments (cohort_id, enrollment_id, action, reason, created_at, created_by)
                    VALUES (@cohortId, @enrollmentId, @action, @reason, @now, @by)
                    """, new { cohortId, enrollmentId, action, reason, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "enrollment", enrollmentId, "outstanding." + action, old, action == "undo" ? null : action, reason);
            return null;
        });
    }

    /// <summary>Confirms the list as it stands (a rule is needed; a short list is confirmed as it is); stored and audited.</summary>
    public async Task<Result<int>> ConfirmAsync(CurrentUser me, long cohortId)
    {
        var view = await GetAsync(cohortId);
        if (view.Rule is null) return new Error("Outstanding.NoRule");
        if (view.List.Count == 0) return new Error("Outstanding.Empty");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            if (await ConfirmedAsync(c, tx, cohortId)) return new Error("Outstanding.Confirmed");
            await c.ExecuteAsync("DELETE FROM outstanding_trainees WHERE cohort_id = @cohortId", new { cohortId }, tx);
            foreach (var p in view.List)
                await c.ExecuteAsync("""
                    INSERT INTO outstanding_trainees (cohort_id, enrollment_id, position, rank, score_x100, added)
                    VALUES (@cohortId, @e, @Position, @rank, @score, @Added)
                    """, new { cohortId, e = p.Trainee.EnrollmentId, p.Position, rank = p.Trainee.Rank, score = (long)Math.Round(p.Trainee.Score.Total * 100), p.Added }, tx);
            await c.ExecuteAsync("UPDATE outstanding_rules SET confirmed_at = @now, confirmed_by = @by WHERE cohort_id = @cohortId", new { cohortId, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "outstanding.confirm", null,
                string.Join(",", view.List.Select(p => p.Trainee.EnrollmentId)), $"{view.List.Count}");
            return Result<int>.Ok(view.List.Count);
        });
    }

    /// <summary>Takes the confirmation back so that the rule and the list can change again; audited.</summary>
    public async Task<Error?> ReopenAsync(CurrentUser me, long cohortId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            if (!await ConfirmedAsync(c, tx, cohortId)) return new Error("Outstanding.NotConfirmed");
            await c.ExecuteAsync("DELETE FROM outstanding_trainees WHERE cohort_id = @cohortId", new { cohortId }, tx);
            await c.ExecuteAsync("UPDATE outstanding_rules SET confirmed_at = NULL, confirmed_by = NULL WHERE cohort_id = @cohortId", new { cohortId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "outstanding.reopen");
            return null;
        });
    }

    private sealed class RuleRow
    {
        public int? CountAsked { get; init; }
        public int? ShareAsked { get; init; }
        public int? CapPerUnit { get; init; }
        public int? CapLevel { get; init; }
        public DateTimeOffset? ConfirmedAt { get; init; }
        public string? ConfirmedBy { get; init; }
    }

    private sealed class AdjustmentRow
    {
        public long EnrollmentId { get; init; }
        public string Action { get; init; } = "";
        public string Reason { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string? ByName { get; init; }
    }

    private sealed class ConfirmedRow
    {
        public int Position { get; init; }
        public long EnrollmentId { get; init; }
        public string Name { get; init; } = "";
        public string? Unit { get; init; }
        public int? Rank { get; init; }
        public long ScoreX100 { get; init; }
        public bool Added { get; init; }
    }
}

using System.Globalization;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Documents;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>Whom a bulletin covers and whom it is written to.</summary>
/// <param name="Roots">The subtrees it covers (none: the whole class).</param>
/// <param name="AddresseeId">The office it is addressed to (null: 各有关单位).</param>
/// <param name="Submitted">The addressee is the unit that submitted for <see cref="Roots"/> (你单位报送的), not the unit itself.</param>
/// <param name="Several">Addressed to the several offices that submitted for <see cref="Roots"/> (written to as 各单位, not 你单位).</param>
public sealed record BulletinScope(IReadOnlyList<long> Roots, long? AddresseeId, string? AddresseeName, string? UnitName, bool Submitted, bool Several = false)
{
    public static readonly BulletinScope Whole = new([], null, null, null, false);
    public bool IsWhole => Roots.Count == 0;

    /// <summary>
    /// The unit that submits a scope's receipt: the configured one, else the scope's own civil affairs office
    /// (<see cref="SubmittingUnit.Default"/>), else the scope itself.
    /// </summary>
    public static long SubmitterOf(QuotaSet q, long scope) =>
        q.SubmitterByScope.TryGetValue(scope, out var s) ? s : SubmittingUnit.Default(q.Tree, scope) ?? scope;

    /// <summary>
    /// <paramref name="unitId"/> that submits receipts: everyone it submitted for (its receipt scopes), addressed to it.
    /// A unit above several receipt scopes (the city): its subtree, addressed to the offices that submitted for them as the
    /// notice names them ("各区民政局、葛店经开区城乡融合发展局…"); above all of them, the whole bulletin.
    /// Any other unit (a district, a street): its subtree, addressed to the unit that submitted for it. Null: unknown.
    /// </summary>
    public static BulletinScope? For(QuotaSet q, long unitId)
    {
        if (q.Tree.Find(unitId) is not { } unit) return null;
        var submitted = q.Scopes.Where(s => SubmitterOf(q, s) == unitId).ToList();
        if (submitted.Count > 0) return new(submitted, unitId, unit.Name, unit.Name, true);
        var below = q.Scopes.Where(s => s != unitId && q.Tree.IsInSubtree(unitId, s)).ToList();
        if (below.Count > 1 && below.Count == q.Scopes.Count) return Whole with { UnitName = unit.Name };
        if (below.Count > 1)
            return new([unitId], null, QuotaPlan.ReceiptSubmitters(below.Select(s => (q.Tree.Find(s)!.Name, q.Tree.Find(SubmitterOf(q, s))?.Name ?? ""))),
                unit.Name, false, Several: true);
        var by = SubmitterOf(q, q.ScopeOf(unitId));
        return new([unitId], by, q.Tree.Find(by)?.Name ?? unit.Name, unit.Name, false);
    }
}

public sealed partial class AttendanceReports
{
    /// <summary>One rule for a class's thresholds: the figures (<see cref="CohortAsync"/>) and the bulletin's sentence use it.</summary>
    public static DisciplineThresholds Thresholds(int latesPerAbsence) => new(latesPerAbsence);

    /// <summary>Columns of the bulletin's table, twips: 8,645 of the 8,845 (156 mm) text block.</summary>
    public static readonly int[] BulletinColumns = [2745, 800, 1250, 850, 850, 850, 1300];

    private static string RateText(int counted, decimal rate) => counted == 0 ? Texts.Of("Bulletin.Rate.None") : Percent(rate);
    private static string KindName(string code) => Texts.Of("Bulletin.Kind." + code);

    /// <summary>"统计口径：…" from the same rule the figures are counted with (<see cref="AttendanceCounting.Describe"/>).</summary>
    public static string RuleSentence(DisciplineThresholds t)
    {
        var rules = AttendanceCounting.Describe(t);
        string names(IEnumerable<CountingRule> rs) => string.Join("、", rs.Select(r => KindName(r.Status.Code())));
        var attended = new List<string>();
        if (rules.Where(r => r.Attended).ToList() is { Count: > 0 } a) attended.Add(Texts.Of("Bulletin.Rule.Attended", names(a)));
        if (rules.Where(r => !r.Attended).ToList() is { Count: > 0 } n) attended.Add(Texts.Of("Bulletin.Rule.NotAttended", names(n)));
        var converted = rules.Select(r => r.PerAbsence > 0
            ? Texts.Of("Bulletin.Rule.PerAbsence", KindName(r.Status.Code()), r.PerAbsence)
            : Texts.Of("Bulletin.Rule.NoConversion", KindName(r.Status.Code())));
        return Texts.Of("Bulletin.Rule", string.Join("，", attended), string.Join("，", converted));
    }

    /// <summary>
    /// 通报: overall attendance, by district (合计) and the units where something happened, the named violations with
    /// their day, half-day and course, and the escalations the organizer recorded. With <paramref name="unitId"/>, the
    /// version for one unit (see <see cref="BulletinScope.For"/>). Null when the unit is unknown.
    /// </summary>
    /// <returns>The document and the name of the unit it covers (null: the whole class).</returns>
    public async Task<(byte[] Bytes, string? Scope)?> BulletinAsync(CohortRow cohort, long? unitId)
    {
        var q = await quotas.LoadAsync(cohort.Id);
        var scope = BulletinScope.Whole;
        if (unitId is { } uid)
        {
            if (BulletinScope.For(q, uid) is not { } found) return null;
            scope = found;
        }
        var inScopeCache = new Dictionary<long, bool>();
        bool InScope(long? unit) => scope.IsWhole || (unit is { } u && (inScopeCache.TryGetValue(u, out var b) ? b
            : inScopeCache[u] = scope.Roots.Any(r => q.Tree.IsInSubtree(r, u))));

        var summary = await SummaryAsync(cohort, null, scope.IsWhole ? null : u => InScope(u));
        var grid = await CohortAsync(cohort);
        var thresholds = Thresholds(cohort.LatesPerAbsence);
        var effective = grid.Trainees.Where(t => InScope(t.UnitId)).Sum(t => t.EffectiveAbsences);
        var records = (await DisciplineAsync(cohort)).Where(r => InScope(r.UnitId)).ToList();
        IReadOnlyList<CheckInSessionRow> sessions;
        string? manualTitle;
        await using (var c = await db.OpenAsync())
        {
            sessions = await AttendanceStore.SessionsOfAsync(c, cohort.Id);
            manualTitle = await c.ExecuteScalarAsync<string?>("SELECT bulletin_title FROM cohorts WHERE id = @id", new { id = cohort.Id });
        }
        var sessionById = sessions.ToDictionary(s => s.Id);

        var doc = new OfficialDocx();
        var lines = BulletinTitle(cohort.Title, manualTitle).ToList();
        doc.Properties(string.Concat(lines), cohort.Issuer); // the file's title and issuing office, as the notice's
        foreach (var line in lines) doc.Title(line);
        doc.Blank();
        doc.Body(scope.IsWhole ? Texts.Of("Bulletin.To.All") : Texts.Of("Bulletin.To.Unit", scope.AddresseeName!), indent: false);
        var subject = scope.IsWhole ? Texts.Of("Bulletin.Subject.All")
            : scope.Submitted ? Texts.Of("Bulletin.Subject.Submitted") : Texts.Of("Bulletin.Subject.Unit", scope.UnitName!);
        doc.Body(Texts.Of("Bulletin.Intro", cohort.Title, NoticeDocument.DateRange(cohort.StartDate, cohort.EndDate), subject));

        doc.Heading1(Texts.Of("Bulletin.Heading.Overall"));
        var top = TopTally(summary); // the violations of the scope, counted by the same tally as the rest
        var overall = summary.Counted == 0
            ? Texts.Of("Bulletin.Overall.NoneExpected", subject, summary.Trainees)
            : Texts.Of("Bulletin.Overall", subject, summary.Trainees, summary.Counted, summary.Attended, Percent(summary.Rate),
                top.Lates, top.EarlyLeaves, top.Absences, top.Departures, effective);
        doc.Body(overall);
        doc.Body(RuleSentence(thresholds));

        doc.Heading1(Texts.Of(scope.IsWhole ? "Bulletin.Heading.Units.All" : "Bulletin.Heading.Units.Scoped"));
        var rows = TableRows(summary, q);
        if (rows.Count > 0)
        {
            doc.Table([Texts.Of("Bulletin.Col.Unit"), Texts.Of("Bulletin.Col.Trainees"), Texts.Of("Bulletin.Col.Rate"), KindName("late"),
                KindName("early_leave"), KindName("absent"), KindName("left_without_permission")], rows, BulletinColumns);
            doc.Body(Texts.Of("Bulletin.Table.Note"));
        }

        doc.Heading1(Texts.Of("Bulletin.Heading.Violations"));
        if (records.Count == 0) doc.Body(Texts.Of("Bulletin.Violations.None"));
        else
        {
            var i = 0;
            foreach (var g in records.GroupBy(r => r.TraineeId))
            {
                var first = g.First();
                doc.Body(Texts.Of("Bulletin.Violation.Line", ++i, first.UnitName ?? "", first.Name,
                    string.Join("；", g.Select(r => ViolationText(r, sessionById, cohort.TimeZone)))));
            }
        }

        var departures = records.Where(r => r.Kind == DisciplineKinds.LeftWithoutPermission).ToList();
        var reported = records.Where(r => r.Reported).ToList();
        if (departures.Count > 0 || reported.Count > 0)
        {
            doc.Heading1(Texts.Of("Bulletin.Heading.Decisions"));
            foreach (var r in reported)
                doc.Body(Texts.Of("Bulletin.Decision.Reported", r.Name, ViolationText(r, sessionById, cohort.TimeZone),
                    r.EscalatedOn is { } on ? Texts.Of("Bulletin.Date", on.Month, on.Day) : "", r.Escalation ?? ""));
            if (departures.Any(r => !r.Reported) && !string.IsNullOrWhiteSpace(cohort.UnauthorizedDeparture))
                doc.Body(Texts.Of("Bulletin.Departure.Rule", cohort.UnauthorizedDeparture));
        }
        doc.Body(Texts.Of(scope.IsWhole || scope.Several ? "Bulletin.Closing.All" : "Bulletin.Closing.Unit"));
        doc.Body(Texts.Of("Bulletin.End"));
        var date = ClassClock.ToLocal(clock.GetUtcNow(), cohort.TimeZone);
        doc.Signature(cohort.Issuer ?? Texts.Of("Bulletin.DefaultIssuer"), DateOnly.FromDateTime(date.DateTime));
        return (doc.ToBytes(), scope.UnitName);
    }

    /// <summary>The scope's own violations: the summary's units roll up, so the topmost units hold them all.</summary>
    private static UnitTally TopTally(AttendanceSummaryDto s)
    {
        if (s.Units.Count == 0) return UnitTally.Zero;
        var minDepth = s.Units.Min(u => u.Depth);
        return s.Units.Where(u => u.Depth == minDepth).Aggregate(UnitTally.Zero,
            (a, u) => a.Add(new UnitTally(u.Trainees, u.Counted, u.Attended, u.Lates, u.EarlyLeaves, u.Absences, u.Departures)));
    }

    /// <summary>"关于…培训纪律情况的通报" in lines: the organizer's (| between lines), else broken at word boundaries.</summary>
    /// <remarks>The organizer's breaks count only while they break this very title (a renamed class falls back).</remarks>
    public static IReadOnlyList<string> BulletinTitle(string classTitle, string? manual)
    {
        var title = Texts.Of("Bulletin.Title", classTitle);
        if (!string.IsNullOrWhiteSpace(manual) && TitleLines.CheckManual(manual, title) is null) return TitleLines.Break(manual);
        var at = title.IndexOf(classTitle, StringComparison.Ordinal);
        return TitleLines.Break(title, TitleLines.DefaultMaxChars, at < 0 ? [] : [at, at + classTitle.Length]);
    }

    /// <summary>The bulletin's title as it is broken now, with | between lines (what the organizer edits).</summary>
    public async Task<string> BulletinTitleAsync(CohortRow cohort)
    {
        await using var c = await db.OpenAsync();
        var manual = await c.ExecuteScalarAsync<string?>("SELECT bulletin_title FROM cohorts WHERE id = @id", new { id = cohort.Id });
        return string.Join(TitleLines.Marker, BulletinTitle(cohort.Title, manual));
    }

    /// <summary>Sets the organizer's line breaks of the bulletin's title (empty: automatic), audited.</summary>
    public async Task<Domain.Error?> SetBulletinTitleAsync(CurrentUser me, CohortRow cohort, string? manual)
    {
        if (TitleLines.CheckManual(manual, Texts.Of("Bulletin.Title", cohort.Title)) is { } error) return error;
        var value = string.IsNullOrWhiteSpace(manual) ? null : string.Join(TitleLines.Marker, manual.Split(TitleLines.Marker).Select(l => l.Trim()));
        await db.InTransactionAsync(async (c, tx) =>
        {
            var old = await c.ExecuteScalarAsync<string?>("SELECT bulletin_title FROM cohorts WHERE id = @id", new { id = cohort.Id }, tx);
            await c.ExecuteAsync("UPDATE cohorts SET bulletin_title = @value WHERE id = @id", new { value, id = cohort.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "cohort", cohort.Id, "bulletin.title", old, value);
            return 0;
        });
        return null;
    }

    /// <summary>"6月7日上午《…》迟到5分钟": the session's date and half-day in the class's zone, the course, what happened.</summary>
    private static string ViolationText(DisciplineDto r, IReadOnlyDictionary<long, CheckInSessionRow> sessions, string zone)
    {
        var what = r.Kind switch
        {
            DisciplineKinds.Late => Texts.Of("Bulletin.What.late", r.Minutes),
            DisciplineKinds.EarlyLeave => Texts.Of("Bulletin.What.early_leave", r.Minutes),
            DisciplineKinds.Absent => Texts.Of("Bulletin.What.absent"),
            _ => Texts.Of("Bulletin.What.left_without_permission"),
        };
        if (r.SessionId is not { } sid || !sessions.TryGetValue(sid, out var s))
        {
            var at = ClassClock.ToLocal(r.OccurredAt, zone);
            return Texts.Of("Bulletin.Violation.NoSession", Texts.Of("Bulletin.Date", at.Month, at.Day), what);
        }
        var local = ClassClock.ToLocal(s.StartsAt, s.TimeZone);
        return Texts.Of("Bulletin.Violation.Item", Texts.Of("Bulletin.Date", local.Month, local.Day),
            Texts.Of("Bulletin.DayPart." + DayParts.Of(TimeOnly.FromDateTime(local.DateTime))), s.Title, what);
    }

    /// <summary>
    /// Per district a 合计 row, under it the units where something happened (their own trainees' violations), and a
    /// final 合计 when more than one district is shown. Units follow the summary's order (the tree's).
    /// </summary>
    private static List<IReadOnlyList<string>> TableRows(AttendanceSummaryDto summary, QuotaSet q)
    {
        static int Violations(UnitRate u) => u.Lates + u.EarlyLeaves + u.Absences + u.Departures;
        IReadOnlyList<string> Row(string name, int trainees, int counted, decimal rate, int l, int e, int a, int d) =>
            [name, trainees.ToString(), RateText(counted, rate), l.ToString(), e.ToString(), a.ToString(), d.ToString()];
        var byId = summary.Units.ToDictionary(u => u.UnitId);
        // a unit's own violations: its figures less those of its children in the summary
        var ownViolations = summary.Units.ToDictionary(u => u.UnitId, Violations);
        var ownTrainees = summary.Units.ToDictionary(u => u.UnitId, u => u.Trainees);
        foreach (var u in summary.Units)
            if (q.Tree.Find(u.UnitId)?.ParentId is { } p && byId.ContainsKey(p))
            {
                ownViolations[p] -= Violations(u);
                ownTrainees[p] -= u.Trainees;
            }
        var rows = new List<IReadOnlyList<string>>();
        var districts = summary.Units.Where(u => q.Tree.DistrictOf(u.UnitId)?.Id == u.UnitId && u.Trainees > 0).ToList();
        foreach (var d in districts)
        {
            rows.Add(Row(Texts.Of("Bulletin.Total", d.Name), d.Trainees, d.Counted, d.Rate, d.Lates, d.EarlyLeaves, d.Absences, d.Departures));
            foreach (var u in summary.Units.Where(u => u.UnitId != d.UnitId && q.Tree.DistrictOf(u.UnitId)?.Id == d.UnitId && ownViolations[u.UnitId] > 0))
                rows.Add(Row("　" + u.Name, u.Trainees, u.Counted, u.Rate, u.Lates, u.EarlyLeaves, u.Absences, u.Departures));
        }
        // units above or outside the districts with trainees of their own (a city office), where something happened
        foreach (var u in summary.Units.Where(u => q.Tree.DistrictOf(u.UnitId) is null && ownTrainees[u.UnitId] > 0 && ownViolations[u.UnitId] > 0))
            rows.Add(Row(u.Name, u.Trainees, u.Counted, u.Rate, u.Lates, u.EarlyLeaves, u.Absences, u.Departures));
        if (districts.Count > 1 || rows.Count == 0)
        {
            var t = TopTally(summary);
            rows.Add(Row(Texts.Of("Bulletin.GrandTotal"), summary.Trainees, summary.Counted, summary.Rate, t.Lates, t.EarlyLeaves, t.Absences, t.Departures));
        }
        return rows;
    }
}

using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>A contact to chase, with a reminder ready to paste into WeChat or an SMS.</summary>
public sealed record Reminder(long ScopeId, string ScopeName, string? SubmitterName, int Places, int Received,
    IReadOnlyList<string> Contacts, string Message);

public sealed record ReconciliationView(CohortRow Cohort, ReconciliationReport Report, IReadOnlyList<Reminder> Reminders, bool Locked)
{
    /// <summary>Every name of the current receipts, by unit, as the caller may see it (numbers per <see cref="PersonalData"/>).</summary>
    public IReadOnlyList<ReceivedPerson> People { get; init; } = [];
    /// <summary>The receipts the caller may see, newest first, each with its file when it came as one.</summary>
    public IReadOnlyList<ReceiptHistoryRow> Receipts { get; init; } = [];
}

/// <summary>回执核对 for a cohort, limited to what the caller may see (a contact: its own subtree).</summary>
public sealed class ReconciliationService(Db db, CohortStore cohorts, QuotaStore quotas, ReceiptService receipts, TimeProvider clock)
{
    public async Task<ReconciliationView?> BuildAsync(CurrentUser me, long cohortId)
    {
        var cohort = await cohorts.FindVisibleAsync(me, cohortId);
        if (cohort is null || me.IsIn(Role.Trainee) && !me.IsStaff) return null;
        var q = await quotas.LoadAsync(cohortId);
        bool visible(long unitId) => UnitStore.CanSee(q.Tree, me, unitId);

        await using var c = await db.OpenAsync();
        var current = (await c.QueryAsync<(long Scope, DateTimeOffset At, bool Late)>(
            "SELECT scope_unit_id, submitted_at, late FROM receipts WHERE cohort_id = @cohortId AND is_current = TRUE", new { cohortId }))
            .ToDictionary(x => x.Scope);
        var scopes = q.Scopes.Where(visible).Select(s => new ScopeReceipt(s, q.Tree.Find(s)!.Name, q.SubmitterName(s),
            current.TryGetValue(s, out var r) ? r.At : null, current.TryGetValue(s, out var r2) && r2.Late)).ToList();
        var people = (await receipts.CurrentRowsAsync(cohortId))
            .Where(p => visible(p.UnitId))
            .Select(p => new ReceivedPerson(p.UnitId, q.Tree.Find(p.UnitId)?.Name ?? "", p.Position, p.Name, p.Phone, p.IdNumber, p.ScopeUnitId))
            .ToList();
        var report = Reconciliation.Build(q.Lines.Where(l => visible(l.UnitId)).ToList(), q.ScopeOf, scopes, people);
        // Grouped on the numbers in full; shown (page, API, export) as the caller may see them: the record is the receipt's scope.
        var personal = PersonalData.For(me, q.Tree);
        ReceivedPerson shown(ReceivedPerson p)
        {
            var record = new PersonRecord(SubmittingUnitId: p.ScopeId);
            return p with { Phone = personal.Phone(p.Phone, record) ?? "", IdNumber = personal.IdNumber(p.IdNumber, record) };
        }
        if (!personal.SeesEveryNumber)
            report = report with { NamedTwice = report.NamedTwice.Select(t => t with { People = t.People.Select(shown).ToList() }).ToList() };
        var shownPeople = personal.SeesEveryNumber ? people : people.Select(shown).ToList();

        var contacts = (await c.QueryAsync<(long UnitId, string Name, string? Phone, long Id)>("""
            SELECT u.unit_id, u.display_name, u.phone, u.id FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE r.role = 'unit_contact' AND u.is_active = TRUE AND u.unit_id IS NOT NULL
            """)).ToList();
        var reminders = new List<Reminder>();
        foreach (var s in scopes)
        {
            var units = report.Units.Where(u => u.ScopeId == s.ScopeId).ToList();
            if (units.Count == 0 || units.All(u => u.Status == ReceiptStatus.Complete)) continue;
            var places = units.Sum(u => u.Places);
            var got = units.Sum(u => u.Received);
            var who = contacts.Where(x => q.Tree.IsInSubtree(x.UnitId, s.ScopeId) || q.Tree.IsInSubtree(s.ScopeId, x.UnitId))
                .Select(x => $"{x.Name} {personal.Phone(x.Phone, new PersonRecord(OwnerUserId: x.Id))}".Trim()).ToList();
            reminders.Add(new Reminder(s.ScopeId, s.ScopeName, s.SubmitterName, places, got, who, ReminderText(cohort, s, units, places, got)));
        }
        return new ReconciliationView(cohort, report, reminders, cohort.IsRosterLocked(clock.GetUtcNow()))
        {
            People = shownPeople,
            Receipts = await receipts.HistoryAsync(me, cohortId, q.Tree),
        };
    }

    public static string ReminderText(CohortRow cohort, ScopeReceipt scope, IReadOnlyList<UnitReconciliation> units, int places, int got)
    {
        static string list(IEnumerable<UnitReconciliation> us) => string.Join("、", us.Select(u => u.UnitName));
        var parts = new List<string>();
        var missing = units.Where(u => u.Status == ReceiptStatus.Missing).ToList();
        var shortUnits = units.Where(u => u.Status == ReceiptStatus.Short).ToList();
        var over = units.Where(u => u.Status == ReceiptStatus.Over).ToList();
        if (missing.Count > 0) parts.Add($"未报：{list(missing)}");
        if (shortUnits.Count > 0) parts.Add($"未报满：{string.Join("、", shortUnits.Select(u => $"{u.UnitName}（{u.Received}/{u.Places}）"))}");
        if (over.Count > 0) parts.Add($"超出名额：{string.Join("、", over.Select(u => $"{u.UnitName}（{u.Received}/{u.Places}）"))}");
        var deadline = cohort.ReceiptDeadline is { } d ? $"{d.Month}月{d.Day}日" : "截止日期";
        var contact = cohort.ContactName is null ? "" : $"联系人：{cohort.ContactName} {cohort.ContactPhone}。";
        return $"【提醒】{scope.SubmitterName ?? scope.ScopeName}：{cohort.Title}参训人员回执请于{deadline}前提交，" +
               $"目前已报 {got}/{places} 人。{string.Join("；", parts)}。请尽快通过系统提交或更新回执。{contact}";
    }
}

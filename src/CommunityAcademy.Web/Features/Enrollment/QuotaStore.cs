using CommunityAcademy.Web.Infrastructure.Web;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed class QuotaRow
{
    public long Id { get; init; }
    public long UnitId { get; init; }
    public string Position { get; init; } = "";
    public int Places { get; init; }
    public string? WrittenAs { get; init; }
}

/// <summary>WrittenAs: how attachment 1 writes the unit when not by the rule (<see cref="QuotaLine.WrittenAs"/>); null or blank: the rule.</summary>
public sealed record QuotaInput(long UnitId, string Position, int Places, string? WrittenAs = null);
public sealed record SubmitterInput(long ScopeUnitId, long SubmitterUnitId);

/// <summary>A cohort's quota lines with the tree they hang in: districts, parents, submitting scopes.</summary>
public sealed record QuotaSet(
    long CohortId, UnitTree Tree, IReadOnlyList<QuotaLine> Lines, IReadOnlyList<QuotaRow> Rows,
    IReadOnlyDictionary<long, long> SubmitterByScope, int TraineePlaces)
{
    public IReadOnlyList<DistrictQuota> Districts => QuotaPlan.ByDistrict(Lines);
    public int Total => Lines.Sum(l => l.Places);

    /// <summary>The submitting scope a unit belongs to: the configured scope above it, else its district.</summary>
    public long ScopeOf(long unitId)
    {
        foreach (var n in Tree.PathTo(unitId).Reverse())
            if (SubmitterByScope.ContainsKey(n.Id)) return n.Id;
        return Tree.DistrictOf(unitId)?.Id ?? unitId;
    }

    public IReadOnlyList<long> Scopes =>
        SubmitterByScope.Keys.Concat(Lines.Select(l => ScopeOf(l.UnitId))).Distinct()
            .OrderBy(s => Lines.Select((l, i) => (l, i)).Where(x => ScopeOf(x.l.UnitId) == s).Select(x => x.i).DefaultIfEmpty(int.MaxValue).Min())
            .ToList();

    public string? SubmitterName(long scopeId) =>
        SubmitterByScope.TryGetValue(scopeId, out var s) ? Tree.Find(s)?.Name : Tree.Find(scopeId)?.Name;
}

/// <summary>名额: lines of (unit, position, places) per cohort, and which unit returns the receipt for which subtree.</summary>
public sealed class QuotaStore(Db db, UnitStore units)
{
    public async Task<QuotaSet> LoadAsync(long cohortId)
    {
        var tree = await units.TreeAsync();
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<QuotaRow>(
            "SELECT id, unit_id, position, places, written_as FROM quota_lines WHERE cohort_id = @cohortId ORDER BY sort_order, id", new { cohortId })).ToList();
        var submitters = (await c.QueryAsync<(long Scope, long Submitter)>(
            "SELECT scope_unit_id, submitter_unit_id FROM receipt_submitters WHERE cohort_id = @cohortId", new { cohortId }))
            .ToDictionary(x => x.Scope, x => x.Submitter);
        var trainees = await c.ExecuteScalarAsync<long?>(
            "SELECT SUM(headcount) FROM participant_categories WHERE cohort_id = @cohortId AND category = 'trainee'", new { cohortId }) ?? 0;
        return new QuotaSet(cohortId, tree, rows.Select(r => ToLine(tree, r)).ToList(), rows, submitters, (int)trainees);
    }

    public static QuotaLine ToLine(UnitTree tree, QuotaRow r)
    {
        var unit = tree.Find(r.UnitId)!;
        var district = tree.DistrictOf(r.UnitId) ?? unit;
        var parent = unit.ParentId is { } p && p != district.Id && unit.Id != district.Id ? tree.Find(p)?.Name : null;
        return new QuotaLine(unit.Id, unit.Name, parent, district.Id, district.Name, r.Position, r.Places, r.WrittenAs);
    }

    /// <summary>Checks quota lines against the tree: known units, a position, places of 0–999, no line twice.</summary>
    public static Dictionary<string, string[]> Validate(UnitTree tree, IReadOnlyList<QuotaInput> lines, IReadOnlyList<SubmitterInput> submitters)
    {
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<(long, string)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var problems = new List<string>();
            if (tree.Find(l.UnitId) is null) problems.Add(Texts.Of("Problem.UnknownUnit"));
            if (string.IsNullOrWhiteSpace(l.Position)) problems.Add(Texts.Of("Problem.PositionRequired"));
            else if (l.Position.Trim().Length > 100) problems.Add(Texts.Of("Problem.PositionTooLong", 100));
            if (l.Places is < 0 or > 999) problems.Add(Texts.Of("Problem.PlacesRange"));
            if (!seen.Add((l.UnitId, ReceiptCheck.NormalizePosition(l.Position)))) problems.Add(Texts.Of("Problem.DuplicateLine"));
            if (tree.Find(l.UnitId) is { } u && WrittenAsProblem(u.Name, l.WrittenAs) is { } w) problems.Add(w);
            if (problems.Count > 0) errors[$"lines[{i}]"] = problems.ToArray();
        }
        for (var i = 0; i < submitters.Count; i++)
        {
            var s = submitters[i];
            if (tree.Find(s.ScopeUnitId) is null || tree.Find(s.SubmitterUnitId) is null)
                errors[$"submitters[{i}]"] = [Texts.Of("Problem.UnknownUnit")];
            else if (!tree.IsInSubtree(s.ScopeUnitId, s.SubmitterUnitId))
                errors[$"submitters[{i}]"] = [Texts.Of("Problem.SubmitterOutsideScope")];
        }
        if (submitters.GroupBy(s => s.ScopeUnitId).Any(g => g.Count() > 1)) errors["submitters"] = [Texts.Of("Problem.OneSubmitterPerScope")];
        return errors;
    }

    /// <summary>Replaces the cohort's quota lines and submitters in one transaction.</summary>
    public async Task ReplaceAsync(long cohortId, IReadOnlyList<QuotaInput> lines, IReadOnlyList<SubmitterInput>? submitters, DateOnly? deadline, bool setDeadline)
    {
        await db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("DELETE FROM quota_lines WHERE cohort_id = @cohortId", new { cohortId }, tx);
            var order = 0;
            foreach (var l in lines)
                await c.ExecuteAsync("""
                    INSERT INTO quota_lines (cohort_id, unit_id, position, places, sort_order, written_as)
                    VALUES (@cohortId, @UnitId, @position, @Places, @order, @writtenAs)
                    """, new { cohortId, l.UnitId, position = l.Position.Trim(), l.Places, order = order++, writtenAs = WrittenAsOrNull(l.WrittenAs) }, tx);
            if (submitters is not null)
            {
                await c.ExecuteAsync("DELETE FROM receipt_submitters WHERE cohort_id = @cohortId", new { cohortId }, tx);
                foreach (var s in submitters)
                    await c.ExecuteAsync("INSERT INTO receipt_submitters (cohort_id, scope_unit_id, submitter_unit_id) VALUES (@cohortId, @ScopeUnitId, @SubmitterUnitId)",
                        new { cohortId, s.ScopeUnitId, s.SubmitterUnitId }, tx);
            }
            if (setDeadline)
                await c.ExecuteAsync("UPDATE cohorts SET receipt_deadline = @deadline WHERE id = @cohortId", new { cohortId, deadline }, tx);
            return 0;
        });
    }

    /// <summary>附件1中写作 as stored: trimmed; blank is null (the rule).</summary>
    public static string? WrittenAsOrNull(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A unit written otherwise still names it, in at most 60 characters.</summary>
    private static string? WrittenAsProblem(string unitName, string? writtenAs) =>
        string.IsNullOrWhiteSpace(writtenAs) ? null
        : writtenAs.Trim().Length > 60 ? Texts.Of("Problem.WrittenAsTooLong")
        : !writtenAs.Contains(unitName, StringComparison.Ordinal) ? Texts.Of("Problem.WrittenAsName", unitName)
        : null;

    public static readonly Dictionary<string, string[]> ImportHeaders = new()
    {
        ["writtenAs"] = ["附件1中写作", "写作", "通知中写作"],
        ["unit"] = ["单位", "单位名称"],
        ["position"] = ["职务", "岗位", "对象"],
        ["places"] = ["名额", "人数", "名额数"],
    };

    /// <summary>Reads quota lines from a sheet (单位, 职务, 名额); units by unique name or path. All rows or none.</summary>
    public static (List<QuotaInput> Lines, List<Infrastructure.Files.CellError> Errors) ParseImport(UnitTree tree, IReadOnlyList<Infrastructure.Files.SheetRow> rows)
    {
        var errors = new List<Infrastructure.Files.CellError>();
        var lines = new List<QuotaInput>();
        var lineRows = new List<int>();
        var header = Infrastructure.Files.SpreadsheetReader.FindHeader(rows, ImportHeaders, ["unit", "position", "places"]);
        if (header is not { } h)
        {
            errors.Add(new(rows.FirstOrDefault()?.Number ?? 1, null, Texts.Of("Quotas.Import.NoHeader")));
            return (lines, errors);
        }
        foreach (var row in rows.Skip(h.HeaderIndex + 1))
        {
            if (row.IsBlank) continue;
            var unitText = row[h.Columns["unit"]];
            var unit = tree.Resolve(unitText, out var ambiguous);
            if (unit is null)
            {
                errors.Add(new(row.Number, "单位", Texts.Of(ambiguous ? "Quotas.Import.UnitAmbiguous" : "Error.Receipt.UnitNotFound", unitText)));
                continue;
            }
            var position = row[h.Columns["position"]].Trim();
            if (position.Length == 0) { errors.Add(new(row.Number, "职务", Texts.Of("Error.Receipt.PositionEmpty"))); continue; }
            if (!int.TryParse(row[h.Columns["places"]], out var places) || places is < 0 or > 999)
            {
                errors.Add(new(row.Number, "名额", Texts.Of("Quotas.Import.PlacesRange", row[h.Columns["places"]])));
                continue;
            }
            var writtenAs = h.Columns.TryGetValue("writtenAs", out var w) ? WrittenAsOrNull(row[w]) : null;
            if (WrittenAsProblem(unit.Name, writtenAs) is { } problem) { errors.Add(new(row.Number, rows[h.HeaderIndex][w], problem)); continue; }
            lines.Add(new QuotaInput(unit.Id, position, places, writtenAs));
            lineRows.Add(row.Number);
        }
        // A line twice: named at the row that repeats it.
        foreach (var (key, messages) in Validate(tree, lines, []))
            if (key.StartsWith("lines[")) errors.Add(new(lineRows[int.Parse(key[6..^1])], "单位", string.Join(" ", messages)));
        return (lines, errors);
    }
}

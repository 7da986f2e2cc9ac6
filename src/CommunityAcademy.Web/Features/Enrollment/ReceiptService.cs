using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Enrollment;

public enum SubmitOutcome { Stored, Invalid, Locked, NotAllowed, NotFound }

public sealed record SubmitResult(SubmitOutcome Outcome, string? Message = null, long? ReceiptId = null, int Rows = 0,
    IReadOnlyList<CellError>? Errors = null, IReadOnlyList<CellError>? Warnings = null, bool Late = false, string? ScopeName = null,
    PlacesCheck? Places = null, long? AttachmentId = null);

/// <summary>One unit of a receipt's scope: its places and the names the receipt gives it.</summary>
public sealed record UnitCount(long UnitId, string Unit, int Places, int Received);

/// <summary>
/// A stored receipt against its places: units over them (a warning — the receipt is stored), units under them and units
/// with nobody named, with counts; <see cref="Text"/> says it in the user's language.
/// </summary>
public sealed record PlacesCheck(IReadOnlyList<UnitCount> Over, IReadOnlyList<UnitCount> Short, IReadOnlyList<UnitCount> Missing, string? Text)
{
    public bool Complete => Over.Count == 0 && Short.Count == 0 && Missing.Count == 0;
}

public sealed class ReceiptHistoryRow
{
    public long Id { get; init; }
    public long ScopeUnitId { get; init; }
    public string ScopeName { get; init; } = "";
    public string? SubmittedBy { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public string Source { get; init; } = "";
    public string? FileName { get; init; }
    public int RowCount { get; init; }
    public bool Late { get; init; }
    public bool IsCurrent { get; init; }
    /// <summary>The receipt file as uploaded, in the attachment store (none for a receipt typed in).</summary>
    public long? AttachmentId { get; set; }
}

public sealed class ReceivedRow
{
    public long Id { get; init; }
    public long ReceiptId { get; init; }
    public long ScopeUnitId { get; init; }
    public int RowNumber { get; init; }
    public long UnitId { get; init; }
    public string Name { get; init; } = "";
    public string Position { get; init; } = "";
    public string Phone { get; init; } = "";
    public string PhoneKey { get; init; } = "";
    public string? IdNumber { get; init; }
    public string? Gender { get; init; }
}

/// <summary>
/// 回执: takes a unit's list of nominated trainees, from a file or a form. Checks every row, then stores the whole
/// receipt in one transaction or nothing; a resubmission replaces the scope's current receipt and keeps the old one.
/// </summary>
public sealed class ReceiptService(Db db, CohortStore cohorts, QuotaStore quotas, AttachmentStore attachments, TimeProvider clock, Texts texts,
    ILogger<ReceiptService> log) : IAttachmentOwnerAccess
{
    public const string OwnerKind = "receipt";
    string IAttachmentOwnerAccess.OwnerKind => OwnerKind;

    /// <summary>A receipt's file goes to whoever may see the receipt: staff of a class they see, a contact for its own subtree.</summary>
    public async Task<bool> MaySeeAsync(CurrentUser me, long receiptId)
    {
        (long CohortId, long Scope) r;
        await using (var c = await db.OpenAsync())
        {
            var found = await c.QuerySingleOrDefaultAsync<(long, long)?>("SELECT cohort_id, scope_unit_id FROM receipts WHERE id = @receiptId", new { receiptId });
            if (found is null) return false;
            r = found.Value;
        }
        if (await cohorts.FindVisibleAsync(me, r.CohortId) is null || (me.IsIn(Role.Trainee) && !me.IsStaff)) return false;
        return UnitStore.CanSee((await quotas.LoadAsync(r.CohortId)).Tree, me, r.Scope);
    }

    private static readonly Dictionary<string, string[]> Headers = new()
    {
        ["unit"] = ["单位", "单位名称", "所在单位", "工作单位"],
        ["name"] = ["姓名", "名字"],
        ["position"] = ["职务", "职位", "岗位"],
        ["phone"] = ["联系方式", "手机", "手机号", "手机号码", "联系电话", "电话"],
        ["gender"] = ["性别"],
        ["id"] = ["身份证号", "身份证号码", "身份证"],
    };

    /// <summary>
    /// Rows of a receipt file. Rows without name, phone and ID (unused places of the template) are skipped. The file is
    /// read through <paramref name="upload"/> (the configured limits, messages in the user's language); without it,
    /// within the default limits.
    /// </summary>
    public static (List<ReceiptInputRow> Rows, CellError? Error) ParseFile(Stream file, string fileName, SheetUpload? upload = null)
    {
        List<SheetRow> sheet;
        if (upload is not null)
        {
            var (read, unreadable) = upload.Read(file, fileName);
            if (unreadable is not null) return ([], unreadable);
            sheet = read;
        }
        else
        {
            try { sheet = SpreadsheetReader.Read(file, fileName).ToList(); }
            catch (SpreadsheetException e) { return ([], new CellError(0, null, e.Message)); }
        }
        var header = SpreadsheetReader.FindHeader(sheet, Headers, ["unit", "name", "position", "phone"]);
        if (header is not { } h)
            return ([], new CellError(sheet.FirstOrDefault()?.Number ?? 1, null, "找不到表头：需要“单位”“姓名”“职务”“联系方式”四列（可选“性别”“身份证号”）。"));
        string cell(SheetRow r, string key) => h.Columns.TryGetValue(key, out var i) ? r[i] : "";
        var rows = new List<ReceiptInputRow>();
        foreach (var r in sheet.Skip(h.HeaderIndex + 1))
        {
            if (r.IsBlank) continue;
            if (cell(r, "name").Trim().Length == 0 && cell(r, "phone").Trim().Length == 0 && cell(r, "id").Trim().Length == 0) continue;
            rows.Add(new ReceiptInputRow(r.Number, cell(r, "unit"), cell(r, "name"), cell(r, "position"), cell(r, "phone"),
                h.Columns.ContainsKey("gender") ? cell(r, "gender") : null, h.Columns.ContainsKey("id") ? cell(r, "id") : null));
        }
        if (rows.Count == 0) return ([], new CellError(h.HeaderIndex + 2, "姓名", "回执中没有填写任何参训人员。"));
        return (rows, null);
    }

    /// <summary>
    /// The scope a caller submits for: the configured scope containing <paramref name="unitId"/> (or the caller's own
    /// unit). A unit contact must see that whole scope; staff who run the class may submit for any.
    /// </summary>
    public static (long? Scope, string? Problem) ScopeFor(CurrentUser me, QuotaSet q, long? unitId)
    {
        var requested = unitId ?? me.UnitId;
        if (requested is not { } unit || q.Tree.Find(unit) is null) return (null, "请指定报送回执的单位。");
        if (!UnitStore.CanSee(q.Tree, me, unit)) return (null, null);
        var scope = q.ScopeOf(unit);
        if (!(me.IsIn(Role.Administrator) || me.IsIn(Role.Organizer)))
        {
            if (!me.IsIn(Role.UnitContact) || me.UnitId is not { } own || !q.Tree.IsInSubtree(own, scope))
                return (null, $"本期回执由{q.SubmitterName(scope)}汇总报送，您的账号不能代为提交。");
        }
        return (scope, null);
    }

    /// <summary>The scopes the caller may submit a receipt for, in the order of the quota plan.</summary>
    public static IReadOnlyList<long> ScopesFor(CurrentUser me, QuotaSet q) => q.Scopes.Where(s => ScopeFor(me, q, s).Scope == s).ToList();

    public async Task<SubmitResult> SubmitAsync(CurrentUser me, long cohortId, long? unitId, IReadOnlyList<ReceiptInputRow> input, string source, string? fileName,
        AttachmentFile? file = null)
    {
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var cohort = await cohorts.FindVisibleAsync(me, cohortId);
        if (cohort is null) return new(SubmitOutcome.NotFound);
        var q = await quotas.LoadAsync(cohortId);
        var (scope, problem) = ScopeFor(me, q, unitId);
        if (scope is not { } scopeId) return new(problem is null ? SubmitOutcome.NotFound : SubmitOutcome.NotAllowed, problem);
        var now = clock.GetUtcNow();
        if (cohort.IsRosterLocked(now))
            return new(SubmitOutcome.Locked, "参训名单已锁定，不再接收回执。如需调整，请联系主办单位重新开放或办理替换。");

        var scopeUnits = q.Tree.Subtree(scopeId).ToList();
        var byName = scopeUnits.GroupBy(u => u.Name).ToDictionary(g => g.Key, g => g.ToList());
        UnitLookup resolve(string text)
        {
            if (byName.TryGetValue(text, out var found))
                return found.Count == 1 ? new(found[0].Id, null) : new(null, new Domain.Error("Receipt.UnitAmbiguous", text));
            var node = q.Tree.Resolve(text, out var ambiguous);
            if (node is not null && q.Tree.IsInSubtree(scopeId, node.Id)) return new(node.Id, null);
            if (node is not null || ambiguous) return new(null, new Domain.Error("Receipt.UnitOutOfScope", text, q.Tree.Find(scopeId)!.Name));
            return new(null, new Domain.Error("Receipt.UnitNotFound", text));
        }
        var positions = q.Lines.GroupBy(l => l.UnitId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(l => l.Position).ToList());

        var elsewhere = new Dictionary<string, KnownPerson>();
        foreach (var r in await CurrentRowsAsync(cohortId))
        {
            if (r.ScopeUnitId == scopeId) continue;
            var who = new KnownPerson(q.Tree.Find(r.UnitId)?.Name ?? "", r.Name);
            foreach (var key in ReceiptCheck.PersonKeys(r.Phone, r.IdNumber)) elsewhere.TryAdd(key, who);
        }

        var loaded = timer.ElapsedMilliseconds;
        var check = ReceiptCheck.Check(input, resolve, positions, elsewhere);
        var checkedAt = timer.ElapsedMilliseconds;
        var scopeName = q.Tree.Find(scopeId)!.Name;
        var personal = PersonalData.For(me);
        // People another unit already named: said at once, also beside the errors of a refused receipt.
        var warnings = check.Warnings.Select(w => Warning(personal, w)).ToList();
        if (!check.Ok)
        {
            log.LogInformation("Receipt for cohort {CohortId} scope {ScopeId} refused with {Errors} row errors", cohortId, scopeId, check.Errors.Count);
            return new(SubmitOutcome.Invalid, "回执有错误，未保存任何内容。", Errors: check.Errors.Select(ToCell).ToList(), Warnings: warnings, ScopeName: scopeName);
        }

        var late = RosterRules.IsLate(now, cohort.ReceiptDeadline, cohort.TimeZone);
        long? attachmentId = null;
        long receiptId;
        try
        {
        receiptId = await db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE receipts SET is_current = FALSE, replaced_at = @now WHERE cohort_id = @cohortId AND scope_unit_id = @scopeId AND is_current = TRUE",
                new { now, cohortId, scopeId }, tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO receipts (cohort_id, scope_unit_id, submitted_by, submitted_at, source, file_name, row_count, late, is_current)
                VALUES (@cohortId, @scopeId, @by, @now, @source, @fileName, @count, @late, TRUE) RETURNING id
                """, new { cohortId, scopeId, by = me.Id, now, source, fileName = fileName is null ? null : Path.GetFileName(fileName), count = check.Rows.Count, late }, tx);
            await db.BulkInsertAsync(c, tx, "receipt_rows",
                ["receipt_id", "row_number", "unit_id", "name", "position", "phone", "phone_key", "id_number", "gender"],
                check.Rows.Select(r => new object?[] { id, r.RowNumber, r.UnitId, r.Name, r.Position, r.Phone, PhoneNumber.Key(r.Phone), r.IdNumber, r.Gender }));
            // The file as uploaded, in the same transaction: a receipt without its file is never stored, nor a file without its receipt.
            if (file is not null) attachmentId = await attachments.InsertAsync(c, tx, file, OwnerKind, id, cohortId, me.Id);
            return id;
        });
        }
        catch (AttachmentRefusedException e)
        {
            return new(SubmitOutcome.Invalid, e.Message, Errors: [new CellError(0, null, e.Message)], Warnings: warnings, ScopeName: scopeName);
        }
        log.LogInformation("Receipt {ReceiptId} stored for cohort {CohortId} scope {ScopeId}: {Rows} rows, late={Late}; loaded in {LoadMs} ms, checked in {CheckMs} ms, stored in {StoreMs} ms",
            receiptId, cohortId, scopeId, check.Rows.Count, late, loaded, checkedAt - loaded, timer.ElapsedMilliseconds - checkedAt);
        return new(SubmitOutcome.Stored, null, receiptId, check.Rows.Count, [], warnings, late, scopeName, Places(q, scopeId, check.Rows), attachmentId);
    }

    /// <summary>
    /// A receipt file: read within the attachment limits, its type decided from its content (a receipt is .xlsx, .xls or
    /// .csv), then its rows; stored with the file as uploaded, or nothing at all.
    /// </summary>
    public async Task<SubmitResult> SubmitFileAsync(CurrentUser me, long cohortId, long? unitId, IFormFile upload, SheetUpload sheets)
    {
        var (bytes, tooBig) = await attachments.ReadAsync(upload);
        if (tooBig is not null) return Unreadable(tooBig);
        // The reader first (its limits and messages, as for every import), then the store's check of the content's type.
        var (rows, error) = ParseFile(new MemoryStream(bytes!, false), upload.FileName, sheets);
        if (error is not null) return new SubmitResult(SubmitOutcome.Invalid, "回执无法读取，未保存任何内容。", Errors: [error]);
        var (file, refused) = attachments.Prepare(bytes!, upload.FileName, AttachmentUses.Receipt);
        if (refused is not null) return Unreadable(refused);
        return await SubmitAsync(me, cohortId, unitId, rows, "file", upload.FileName, file);
    }

    private static SubmitResult Unreadable(string message) =>
        new(SubmitOutcome.Invalid, "回执无法读取，未保存任何内容。", Errors: [new CellError(0, null, message)]);

    /// <summary>
    /// Resolves a person named by two units before the lock: the organizer takes the row out of one unit's current receipt.
    /// That receipt is replaced by a copy without the row (submitted by the organizer, the old one kept in the history) and
    /// the audit log says who dropped whom. NotFound when there is no such current row in a class the caller sees.
    /// </summary>
    public async Task<SubmitResult> DropRowAsync(CurrentUser me, long cohortId, long rowId)
    {
        var cohort = await cohorts.FindVisibleAsync(me, cohortId);
        if (cohort is null) return new(SubmitOutcome.NotFound);
        var now = clock.GetUtcNow();
        if (cohort.IsRosterLocked(now))
            return new(SubmitOutcome.Locked, "参训名单已锁定，不再接收回执。如需调整，请联系主办单位重新开放或办理替换。");
        var dropped = await db.InTransactionAsync(async (c, tx) =>
        {
            var old = await c.QuerySingleOrDefaultAsync<(long ReceiptId, long Scope, bool Late, int Rows, string Name)?>("""
                SELECT rc.id, rc.scope_unit_id, rc.late, rc.row_count, r.name FROM receipt_rows r JOIN receipts rc ON rc.id = r.receipt_id
                WHERE r.id = @rowId AND rc.cohort_id = @cohortId AND rc.is_current = TRUE
                """, new { rowId, cohortId }, tx);
            if (old is not { } o) return ((long, string)?)null;
            await c.ExecuteAsync("UPDATE receipts SET is_current = FALSE, replaced_at = @now WHERE id = @ReceiptId", new { now, o.ReceiptId }, tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO receipts (cohort_id, scope_unit_id, submitted_by, submitted_at, source, file_name, row_count, late, is_current)
                VALUES (@cohortId, @Scope, @by, @now, 'organizer', NULL, @count, @Late, TRUE) RETURNING id
                """, new { cohortId, o.Scope, by = me.Id, now, count = o.Rows - 1, o.Late }, tx);
            await c.ExecuteAsync("""
                INSERT INTO receipt_rows (receipt_id, row_number, unit_id, name, position, phone, phone_key, id_number, gender)
                SELECT @id, row_number, unit_id, name, position, phone, phone_key, id_number, gender FROM receipt_rows
                WHERE receipt_id = @ReceiptId AND id <> @rowId
                """, new { id, o.ReceiptId, rowId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "receipt", id, "receipt.drop_named_twice", o.Name, null, $"receipt {o.ReceiptId} row {rowId}");
            return (id, o.Name);
        });
        if (dropped is not { } d) return new(SubmitOutcome.NotFound);
        log.LogInformation("Row {RowId} dropped from the current receipt of cohort {CohortId} by user {UserId}; new receipt {ReceiptId}", rowId, cohortId, me.Id, d.Item1);
        return new(SubmitOutcome.Stored, d.Item2, d.Item1);
    }

    /// <summary>The stored receipt against the scope's places, unit by unit.</summary>
    public PlacesCheck Places(QuotaSet q, long scopeId, IReadOnlyList<ReceiptRow> rows)
    {
        var places = q.Lines.Where(l => q.ScopeOf(l.UnitId) == scopeId).GroupBy(l => l.UnitId).ToDictionary(g => g.Key, g => g.Sum(l => l.Places));
        var received = rows.GroupBy(r => r.UnitId).ToDictionary(g => g.Key, g => g.Count());
        var units = places.Keys.Union(received.Keys)
            .Select(u => new UnitCount(u, q.Tree.Find(u)?.Name ?? "", places.GetValueOrDefault(u), received.GetValueOrDefault(u))).ToList();
        var over = units.Where(u => u.Received > u.Places).ToList();
        var under = units.Where(u => u.Received > 0 && u.Received < u.Places).ToList();
        var missing = units.Where(u => u.Received == 0 && u.Places > 0).ToList();
        static string list(IEnumerable<UnitCount> us) => string.Join("、", us.Select(u => $"{u.Unit} {u.Received}/{u.Places}"));
        var parts = new List<string>();
        if (over.Count > 0) parts.Add(texts["Receipts.Places.Over", list(over)]);
        if (under.Count > 0) parts.Add(texts["Receipts.Places.Short", list(under)]);
        if (missing.Count > 0) parts.Add(texts["Receipts.Places.Missing", list(missing)]);
        return new PlacesCheck(over, under, missing, parts.Count == 0 ? null : string.Join(texts["Receipts.Places.Separator"], parts));
    }

    /// <summary>
    /// Somebody another unit already named: the organizer (who sees every receipt) is told whom and by which unit; a unit
    /// contact only that another unit named this person — never the other unit's person, unit or row.
    /// </summary>
    public CellError Warning(PersonalData personal, NamedElsewhere w) => new(w.Row, w.Column, personal.SeesOtherUnitsPeople
        ? texts[w.ById ? "Receipts.NamedElsewhereBy.Id" : "Receipts.NamedElsewhereBy.Phone", w.Other.UnitName, w.Other.Name]
        : texts[w.ById ? "Receipts.NamedElsewhere.Id" : "Receipts.NamedElsewhere.Phone"]);

    private static CellError ToCell(RowProblem p) => new(p.Row, p.Column, Texts.Of("Error." + p.Rule.Code, p.Rule.Args));

    public async Task<IReadOnlyList<ReceivedRow>> CurrentRowsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<ReceivedRow>("""
            SELECT r.id, r.receipt_id, rc.scope_unit_id, r.row_number, r.unit_id, r.name, r.position, r.phone, r.phone_key, r.id_number, r.gender
            FROM receipt_rows r JOIN receipts rc ON rc.id = r.receipt_id LEFT JOIN units su ON su.id = rc.scope_unit_id
            WHERE rc.cohort_id = @cohortId AND rc.is_current = TRUE
            ORDER BY COALESCE(su.sort_key, '~'), rc.scope_unit_id, r.row_number
            """, new { cohortId })).ToList();
    }

    /// <summary>Every receipt of the cohort, current and replaced, newest first; a contact sees those of its subtree.</summary>
    public async Task<IReadOnlyList<ReceiptHistoryRow>> HistoryAsync(CurrentUser me, long cohortId, UnitTree tree)
    {
        await using var c = await db.OpenAsync();
        var rows = await c.QueryAsync<ReceiptHistoryRow>("""
            SELECT rc.id, rc.scope_unit_id, u.name AS scope_name, us.display_name AS submitted_by, rc.submitted_at, rc.source,
                   rc.file_name, rc.row_count, rc.late, rc.is_current
            FROM receipts rc JOIN units u ON u.id = rc.scope_unit_id LEFT JOIN users us ON us.id = rc.submitted_by
            WHERE rc.cohort_id = @cohortId ORDER BY rc.submitted_at DESC, rc.id DESC
            """, new { cohortId });
        var visible = rows.Where(r => UnitStore.CanSee(tree, me, r.ScopeUnitId)).ToList();
        var files = await attachments.ForCohortAsync(OwnerKind, cohortId);
        foreach (var f in files)
            if (visible.FirstOrDefault(r => r.Id == f.OwnerId) is { } r) r.AttachmentId = f.Id;
        return visible;
    }
}

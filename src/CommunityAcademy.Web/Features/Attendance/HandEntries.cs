using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>What a paper sheet's upload did: sign-ins and sign-outs stored, trainees left as they were (signed in earlier),
/// or the errors (row and column) for which nothing was stored.</summary>
public sealed record PaperSheetResult(int SignIns, int SignOuts, IReadOnlyList<string> Kept, IReadOnlyList<CellError> Errors);

/// <summary>
/// What a head teacher enters by hand beside the phones: undoing a 代签到 (only a check-in entered by staff), and the
/// paper sign-in sheet (纸质签到表) of a session with no network — its .xlsx to print and fill, and its upload back, every
/// time a staff check-in with the reason <see cref="PaperReason"/>, audited.
/// </summary>
public sealed class HandEntries(Db db, AttendanceStore store, TimeProvider clock, Texts texts, SheetUpload upload)
{
    /// <summary>The reason stored with what comes from a paper sheet (its check-ins, and the tick grid's marks).</summary>
    public const string PaperReason = "纸质签到表";
    /// <summary>Audit values as people can read them in the database too (names not escaped to \uXXXX).</summary>
    public static readonly JsonSerializerOptions AuditJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string ColumnNumber = "序号", ColumnId = "编号", ColumnName = "姓名", ColumnUnit = "单位", ColumnIn = "签到时间", ColumnOut = "签退时间";

    /// <summary>The check-ins a head teacher entered for a session (代签到, paper sheet, uploads), oldest first.</summary>
    public async Task<IReadOnlyList<CheckInRow>> StaffCheckInsAsync(long sessionId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<CheckInRow>("SELECT * FROM check_ins WHERE session_id = @sessionId AND method = 'staff' ORDER BY at, id",
            new { sessionId })).ToList();
    }

    /// <summary>
    /// 撤销代签到: removes a check-in a head teacher entered (never a trainee's own scan), with its audit row and the
    /// session's settled attendance reopened, in one transaction.
    /// </summary>
    public async Task<Result<CheckInRow>> UndoAsync(CurrentUser me, CheckInSessionRow s, long checkInId, string? reason)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<CheckInRow>>(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<CheckInRow>("SELECT * FROM check_ins WHERE id = @checkInId AND session_id = @sid",
                new { checkInId, sid = s.Id }, tx);
            if (row is null) return new Error("Attendance.UnknownCheckIn");
            if (row.Method != "staff") return new Error("Attendance.NotByHand");
            var name = await c.ExecuteScalarAsync<string>("SELECT name FROM enrollments WHERE id = @id", new { id = row.EnrollmentId }, tx);
            await c.ExecuteAsync("DELETE FROM check_ins WHERE id = @checkInId AND method = 'staff'", new { checkInId }, tx);
            await AttendanceSettlement.ReopenSessionAsync(c, tx, s.Id);
            await Audit.WriteAsync(c, tx, me.Id, now, "attendance", s.Id, "proxy_checkin_undone",
                JsonSerializer.Serialize(new { trainee = row.EnrollmentId, name, kind = row.Kind, at = row.At.ToUniversalTime(), checkIn = row.Id }, AuditJson),
                null, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
            return Result<CheckInRow>.Ok(row);
        });
    }

    // ---------------------------------------------------------------- the paper sheet

    /// <summary>The sheet to print and fill: 序号, 编号 (what the upload goes by: two people may share a name), 姓名, 单位, 签到时间, 签退时间.</summary>
    public byte[] Xlsx(CheckInSessionRow s, SessionAttendanceDto a)
    {
        var local = Domain.Cohorts.ClassClock.ToLocal(s.StartsAt, s.TimeZone);
        var end = Domain.Cohorts.ClassClock.ToLocal(s.EndsAt, s.TimeZone);
        using var ms = new MemoryStream();
        var i = 0;
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("签到表", [ColumnNumber, ColumnId, ColumnName, ColumnUnit, ColumnIn, ColumnOut],
            a.Trainees.Select(t => (IReadOnlyList<string?>)[(++i).ToString(), t.TraineeId.ToString(), t.Name, t.UnitName, "", ""]).ToList(),
            [6, 10, 14, 30, 12, 12])
        {
            TitleRows = [$"{s.Title}　{local:yyyy-MM-dd HH:mm}–{end:HH:mm}　{texts["Attendance.Paper.XlsxHint"]}"],
        });
        return ms.ToArray();
    }

    private sealed record Entry(AttendanceLine Trainee, DateTimeOffset? In, DateTimeOffset? Out);

    /// <summary>
    /// The filled sheet back: every bad cell is reported (row and column) and then nothing is stored; otherwise each time
    /// becomes a staff check-in at that time, in one transaction. Rows with no times are left alone; a trainee signed in
    /// at or before the sheet's time is left as is (and named in the result); the same sheet uploaded twice stores nothing twice.
    /// </summary>
    public async Task<PaperSheetResult> ImportAsync(CurrentUser me, CheckInSessionRow s, Stream file, string fileName)
    {
        PaperSheetResult Fail(params CellError[] e) => new(0, 0, [], e);
        if (s.CancelledAt is not null) return Fail(new CellError(0, null, texts.Error(new Error("Attendance.SessionCancelled"))));
        var (rows, unreadable) = upload.Read(file, fileName);
        if (unreadable is not null) return Fail(unreadable);
        var wanted = new Dictionary<string, string[]>
        {
            ["id"] = [ColumnId, "学员编号"], ["name"] = [ColumnName], ["in"] = [ColumnIn, "签到"], ["out"] = [ColumnOut, "签退"],
        };
        if (SpreadsheetReader.FindHeader(rows, wanted, ["id", "in", "out"]) is not { } h)
            return Fail(new CellError(rows.FirstOrDefault()?.Number ?? 1, null, texts["Attendance.Paper.NoHeader"]));
        var header = rows[h.HeaderIndex];
        var col = h.Columns;
        string headerOf(string key) => header[col[key]];

        var a = await store.SessionAttendanceAsync(s);
        var byId = a.Trainees.ToDictionary(t => t.TraineeId);
        var errors = new List<CellError>();
        var entries = new List<Entry>();
        var seen = new Dictionary<long, int>();
        foreach (var row in rows.Skip(h.HeaderIndex + 1))
        {
            if (row.IsBlank) continue;
            var inText = row[col["in"]];
            var outText = row[col["out"]];
            if (string.IsNullOrWhiteSpace(inText) && string.IsNullOrWhiteSpace(outText)) continue; // nothing written on the paper: left alone
            var idText = row[col["id"]].Trim();
            var name = col.TryGetValue("name", out var nc) ? Unescape(row[nc].Trim()) : "";
            AttendanceLine? trainee = null;
            if (long.TryParse(idText, out var tid) && byId.TryGetValue(tid, out var found)) trainee = found;
            if (trainee is null)
            {
                errors.Add(new CellError(row.Number, headerOf("id"), texts.Error(new Error("Attendance.Paper.UnknownTrainee", idText, name))));
                continue;
            }
            if (name.Length > 0 && name != trainee.Name)
            {
                errors.Add(new CellError(row.Number, headerOf("name"), texts.Error(new Error("Attendance.Paper.NameMismatch", idText, name, trainee.Name))));
                continue;
            }
            if (seen.TryGetValue(trainee.TraineeId, out var first))
            {
                errors.Add(new CellError(row.Number, headerOf("id"), texts.Error(new Error("Attendance.Paper.Twice", trainee.Name, first))));
                continue;
            }
            seen[trainee.TraineeId] = row.Number;
            var (@in, @out, inError, outError) = PaperSheet.Times(inText, outText, s.StartsAt, s.EndsAt, s.Rules, s.TimeZone);
            if (inError is not null) errors.Add(new CellError(row.Number, headerOf("in"), texts.Error(inError)));
            if (outError is not null) errors.Add(new CellError(row.Number, headerOf("out"), texts.Error(outError)));
            // a time still to come is a typing mistake (the paper was signed already)
            var soon = clock.GetUtcNow().AddMinutes(1);
            if (inError is null && @in > soon) errors.Add(new CellError(row.Number, headerOf("in"), texts.Error(inError = new Error("Attendance.FutureTime"))));
            if (outError is null && @out > soon) errors.Add(new CellError(row.Number, headerOf("out"), texts.Error(outError = new Error("Attendance.FutureTime"))));
            if (inError is not null || outError is not null) continue;
            if (@out is not null && @in is null && trainee.SignedInAt is null)
            {
                errors.Add(new CellError(row.Number, headerOf("in"), texts.Error(new Error("Attendance.Paper.OutWithoutIn"))));
                continue;
            }
            entries.Add(new Entry(trainee, @in, @out));
        }
        if (errors.Count > 0) return new(0, 0, [], ImportErrors.Listed(errors));
        if (entries.Count == 0) return Fail(new CellError(header.Number + 1, headerOf("in"), texts["Attendance.Paper.Empty"]));

        var now = Instant.Truncate(clock.GetUtcNow());
        var kept = new List<string>();
        var (ins, outs) = await db.InTransactionAsync(async (c, tx) =>
        {
            int ins = 0, outs = 0;
            async Task<bool> AddAsync(AttendanceLine t, string kind, DateTimeOffset at)
            {
                at = Instant.Truncate(at);
                var clientId = $"sheet:{s.Id}:{t.TraineeId}:{kind}:{at.ToUnixTimeSeconds()}";
                var id = await c.ExecuteScalarAsync<long?>("""
                    INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, device_at, server_at, method, device_key, recorded_by, flags)
                    VALUES (@sid, @trainee, @kind, @clientId, @at, NULL, @now, 'staff', NULL, @by, '')
                    ON CONFLICT (client_id) DO NOTHING RETURNING id
                    """, new { sid = s.Id, trainee = t.TraineeId, kind, clientId, at = at.ToUniversalTime(), now, by = me.Id }, tx);
                if (id is null) return false; // this sheet was uploaded before
                await Audit.WriteAsync(c, tx, me.Id, now, "attendance", s.Id, "paper_checkin", null,
                    JsonSerializer.Serialize(new { trainee = t.TraineeId, name = t.Name, kind, at = at.ToUniversalTime(), checkIn = id }, AuditJson), PaperReason);
                return true;
            }
            string local(DateTimeOffset t) => Domain.Cohorts.ClassClock.ToLocal(t, s.TimeZone).ToString("HH:mm");
            foreach (var e in entries)
            {
                if (e.In is { } i)
                {
                    if (e.Trainee.SignedInAt is { } earlier && earlier <= i) kept.Add(texts["Attendance.Paper.KeptOne", e.Trainee.Name, local(earlier)]);
                    else if (await AddAsync(e.Trainee, "in", i)) ins++;
                }
                if (e.Out is { } o && !(e.Trainee.SignedOutAt is { } later && later >= o) && await AddAsync(e.Trainee, "out", o)) outs++;
            }
            if (ins + outs > 0) await AttendanceSettlement.ReopenSessionAsync(c, tx, s.Id);
            return (ins, outs);
        });
        return new(ins, outs, kept, []);
    }

    /// <summary>A name the download escaped ('=…) compares as the name itself.</summary>
    private static string Unescape(string name) =>
        name.Length > 1 && name[0] == '\'' && name[1] is '=' or '+' or '-' or '@' ? name[1..] : name;
}

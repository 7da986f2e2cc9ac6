using System.Data.Common;
using System.Security.Cryptography;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Certificates;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Certificates;

/// <summary>The kinds of certificate a class issues: 结业证书 under the class's rule, 优秀学员证书 to the confirmed outstanding list.</summary>
public static class CertificateKinds
{
    public const string Completion = "completion";
    public const string Outstanding = "outstanding";
    public static string Parse(string? kind) => kind == Outstanding ? Outstanding : Completion;
}

/// <summary>A class's certificate settings: the rule, the template, the seal (an attachment) — stored or the defaults.</summary>
public sealed record CertificateSettings(CertificateRule Rule, CertificateTemplate Template, long? SealId, bool Stored);

/// <summary>A certificate as issued (what it prints), with its state.</summary>
public sealed class CertificateRow
{
    public long Id { get; init; }
    public long CohortId { get; init; }
    public long EnrollmentId { get; init; }
    public long? UserId { get; init; }
    public string Code { get; init; } = "";
    public int SerialNo { get; init; }
    public string Serial { get; init; } = "";
    public string Name { get; init; } = "";
    public string CohortTitle { get; init; } = "";
    public DateOnly StartDate { get; init; }
    public DateOnly EndDate { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string Issuer { get; init; } = "";
    public DateOnly IssueDate { get; init; }
    public string Orientation { get; init; } = "landscape";
    public long? SealAttachmentId { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokeReason { get; init; }
    public long? ReplacedBy { get; init; }
    public string Kind { get; init; } = CertificateKinds.Completion;
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A trainee judged under the class's rule, with their certificate in force (if any).</summary>
public sealed record CertificateLine(CertificateJudgement Judgement, CertificateRow? Certificate);

/// <summary>
/// 结业证书 (#22): the class's rule and template (audited), who is eligible and why not (the class score and the attendance
/// statistics of <see cref="ClassScoreStore"/>, the accepted practice tasks), issuing to the eligible (each certificate
/// keeps what it prints, a serial in the class's format and a verification code of 128 random bits), revoking with a
/// reason and reissuing (audited), the public look-up by code.
/// </summary>
public sealed class CertificateStore(Db db, ClassScoreStore scores, OutstandingStore outstanding, CohortStore cohorts, AttachmentStore attachments, TimeProvider clock)
{
    public const string SealOwnerKind = "certificate_seal";
    public static readonly IReadOnlySet<AttachmentKind> SealKinds = new HashSet<AttachmentKind> { AttachmentKind.Png, AttachmentKind.Jpeg };

    private const string Columns = """
        id, cohort_id, enrollment_id, user_id, code, serial_no, serial, name, cohort_title, start_date, end_date, title, body, issuer,
        issue_date, orientation, seal_attachment_id, issued_at, revoked_at, revoke_reason, replaced_by, kind
        """;

    public async Task<CertificateSettings> SettingsAsync(long cohortId, string kind = CertificateKinds.Completion)
    {
        await using var c = await db.OpenAsync();
        return await SettingsAsync(c, null, cohortId, kind);
    }

    private static async Task<CertificateSettings> SettingsAsync(DbConnection c, DbTransaction? tx, long cohortId, string kind)
    {
        if (kind == CertificateKinds.Outstanding)
        {
            var k = await c.QuerySingleOrDefaultAsync<SettingsRow>("""
                SELECT title, body, issuer, issue_date, serial_format, hours, orientation, seal_attachment_id
                FROM certificate_kind_templates WHERE cohort_id = @cohortId AND kind = @kind
                """, new { cohortId, kind }, tx);
            if (k is null)
            {
                var issuer = await c.ExecuteScalarAsync<string?>("SELECT issuer FROM cohorts WHERE id = @cohortId", new { cohortId }, tx);
                return new CertificateSettings(CertificateRule.Default, CertificateTemplate.DefaultOutstanding(issuer ?? ""), null, false);
            }
            return new CertificateSettings(CertificateRule.Default, new CertificateTemplate(k.Title, k.Body, k.Issuer, k.IssueDate, k.SerialFormat, k.Hours,
                k.Orientation == "portrait" ? PageOrientation.Portrait : PageOrientation.Landscape), k.SealAttachmentId, true);
        }
        var r = await c.QuerySingleOrDefaultAsync<SettingsRow>("""
            SELECT min_attendance_percent, no_departures, tasks_accepted, min_score_x100, min_online_percent, title, body, issuer, issue_date, serial_format, hours,
                   orientation, seal_attachment_id
            FROM certificate_settings WHERE cohort_id = @cohortId
            """, new { cohortId }, tx);
        if (r is null)
        {
            var issuer = await c.ExecuteScalarAsync<string?>("SELECT issuer FROM cohorts WHERE id = @cohortId", new { cohortId }, tx);
            return new CertificateSettings(CertificateRule.Default,
                CertificateTemplate.Default(issuer ?? "") with { Hours = StudyHours.Format(await ClassHoursAsync(c, tx, cohortId)) }, null, false);
        }
        return new CertificateSettings(
            new CertificateRule(r.MinAttendancePercent, r.NoDepartures, r.TasksAccepted, r.MinScoreX100 is { } s ? s / 100m : null, r.MinOnlinePercent),
            new CertificateTemplate(r.Title, r.Body, r.Issuer, r.IssueDate, r.SerialFormat, r.Hours,
                r.Orientation == "portrait" ? PageOrientation.Portrait : PageOrientation.Landscape),
            r.SealAttachmentId, true);
    }

    /// <summary>The 学时 the class's timetable credits (sessions not cancelled; set hours or 45 minutes a 学时): the template's default.</summary>
    public static async Task<decimal> ClassHoursAsync(DbConnection c, DbTransaction? tx, long cohortId)
    {
        var total = 0m;
        foreach (var (hours, starts, ends) in await c.QueryAsync<(double?, DateTimeOffset, DateTimeOffset)>(
                     "SELECT study_hours, starts_at, ends_at FROM sessions WHERE cohort_id = @cohortId AND cancelled_at IS NULL", new { cohortId }, tx))
            total += StudyHours.Effective(hours is { } h ? (decimal)h : null, ends - starts);
        return total;
    }

    private static async Task UpsertAsync(DbConnection c, DbTransaction tx, long cohortId, string kind, CertificateSettings s, long? seal, long by, DateTimeOffset now)
    {
        if (kind == CertificateKinds.Outstanding)
        {
            await c.ExecuteAsync("DELETE FROM certificate_kind_templates WHERE cohort_id = @cohortId AND kind = @kind", new { cohortId, kind }, tx);
            var k = s.Template;
            await c.ExecuteAsync("""
                INSERT INTO certificate_kind_templates (cohort_id, kind, title, body, issuer, issue_date, serial_format, hours, orientation, seal_attachment_id, updated_at, updated_by)
                VALUES (@cohortId, @kind, @Title, @Body, @Issuer, @IssueDate, @SerialFormat, @Hours, @orientation, @seal, @now, @by)
                """, new { cohortId, kind, k.Title, k.Body, k.Issuer, k.IssueDate, k.SerialFormat, k.Hours, orientation = Orientation(k.Orientation), seal, now, by }, tx);
            return;
        }
        await c.ExecuteAsync("DELETE FROM certificate_settings WHERE cohort_id = @cohortId", new { cohortId }, tx);
        var (r, t) = (s.Rule, s.Template);
        await c.ExecuteAsync("""
            INSERT INTO certificate_settings (cohort_id, min_attendance_percent, no_departures, tasks_accepted, min_score_x100, min_online_percent, title, body, issuer,
                issue_date, serial_format, hours, orientation, seal_attachment_id, updated_at, updated_by)
            VALUES (@cohortId, @pct, @dep, @tasks, @score, @online, @Title, @Body, @Issuer, @IssueDate, @SerialFormat, @Hours, @orientation, @seal, @now, @by)
            """, new
        {
            cohortId, pct = r.MinAttendancePercent, dep = r.NoDepartures, tasks = r.TasksAccepted,
            score = r.MinScore is { } m ? (int?)Math.Round(m * 100m) : null, online = r.MinOnlinePercent,
            t.Title, t.Body, t.Issuer, t.IssueDate, t.SerialFormat, t.Hours, orientation = Orientation(t.Orientation), seal, now, by,
        }, tx);
    }

    public static string Orientation(PageOrientation o) => o == PageOrientation.Portrait ? "portrait" : "landscape";

    private static string Describe(CertificateRule r) =>
        $"attendance ≥ {r.MinAttendancePercent?.ToString() ?? "-"}%, no departures {r.NoDepartures}, tasks accepted {r.TasksAccepted}, score ≥ {r.MinScore?.ToString("0.##") ?? "-"}, online ≥ {r.MinOnlinePercent?.ToString() ?? "-"}%";

    public async Task<Error?> SaveRuleAsync(CurrentUser me, long cohortId, CertificateRule rule)
    {
        if (rule.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            var old = await SettingsAsync(c, tx, cohortId, CertificateKinds.Completion);
            await UpsertAsync(c, tx, cohortId, CertificateKinds.Completion, old with { Rule = rule }, old.SealId, me.Id, now);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "certificate.rule", old.Stored ? Describe(old.Rule) : null, Describe(rule));
            return null;
        });
    }

    public async Task<Error?> SaveTemplateAsync(CurrentUser me, long cohortId, CertificateTemplate template, string kind = CertificateKinds.Completion)
    {
        if (template.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            var old = await SettingsAsync(c, tx, cohortId, kind);
            await UpsertAsync(c, tx, cohortId, kind, old with { Template = template }, old.SealId, me.Id, now);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, AuditAction("certificate.template", kind), old.Stored ? old.Template.Title : null, template.Title);
            return null;
        });
    }

    /// <summary>A new seal (PNG or JPEG, checked by the attachment store); earlier seals stay with the certificates that print them.</summary>
    public async Task<string?> SaveSealAsync(CurrentUser me, long cohortId, byte[] bytes, string fileName, string kind = CertificateKinds.Completion)
    {
        var (file, error) = attachments.Prepare(bytes, fileName, SealKinds);
        if (file is null) return error;
        var now = Instant.Truncate(clock.GetUtcNow());
        try
        {
            return await db.InTransactionAsync<string?>(async (c, tx) =>
            {
                var old = await SettingsAsync(c, tx, cohortId, kind);
                var id = await attachments.InsertAsync(c, tx, file, SealOwnerKind, cohortId, cohortId, me.Id);
                await UpsertAsync(c, tx, cohortId, kind, old, id, me.Id, now);
                await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, AuditAction("certificate.seal", kind), old.SealId?.ToString(), id.ToString());
                return null;
            });
        }
        catch (AttachmentRefusedException e) { return e.Message; }
    }

    /// <summary>The audit action of a change to a kind's template or seal (the 结业证书's keep their names).</summary>
    private static string AuditAction(string action, string kind) => kind == CertificateKinds.Completion ? action : $"{action}.{kind}";

    /// <summary>Every active trainee judged (the eligible first), with the certificate each has in force.</summary>
    public async Task<(CertificateSettings Settings, IReadOnlyList<CertificateLine> Lines)> JudgeAsync(long cohortId)
    {
        var settings = await SettingsAsync(cohortId);
        var all = await scores.ScoresAsync(cohortId);
        await using var c = await db.OpenAsync();
        var accepted = (await c.QueryAsync<(long, long)>("""
            SELECT s.enrollment_id, COUNT(*) FROM task_submissions t
            JOIN review_submissions s ON s.id = t.submission_id
            JOIN reviews r ON r.id = s.review_id
            WHERE r.cohort_id = @cohortId AND r.kind = 'task' AND t.state = 'accepted' AND s.enrollment_id IS NOT NULL
            GROUP BY s.enrollment_id
            """, new { cohortId })).ToDictionary(x => x.Item1, x => (int)x.Item2);
        var live = (await LiveAsync(c, cohortId, CertificateKinds.Completion)).ToDictionary(x => x.EnrollmentId);
        // the share of the class's online items each trainee completed, as the score read it (the online rule; a class without items meets it)
        var candidates = all.Rows.Select(r => new CertificateCandidate(r.EnrollmentId, r.Name, r.Tally.Rate, r.Tally.Departures,
            accepted.GetValueOrDefault(r.EnrollmentId), all.Tasks.Count, r.Score.Total, all.OnlineItems, r.OnlineShare ?? 0));
        var lines = CertificateEligibility.Judge(settings.Rule, candidates)
            .Select(j => new CertificateLine(j, live.GetValueOrDefault(j.Candidate.EnrollmentId))).ToList();
        return (settings, lines);
    }

    private static async Task<IReadOnlyList<CertificateRow>> LiveAsync(DbConnection c, long cohortId, string kind, DbTransaction? tx = null) =>
        (await c.QueryAsync<CertificateRow>($"SELECT {Columns} FROM certificates WHERE cohort_id = @cohortId AND kind = @kind AND revoked_at IS NULL ORDER BY serial_no",
            new { cohortId, kind }, tx)).ToList();

    /// <summary>Every certificate of the class of this kind, in force and revoked, by serial.</summary>
    public async Task<IReadOnlyList<CertificateRow>> ListAsync(long cohortId, bool liveOnly = false, string kind = CertificateKinds.Completion)
    {
        await using var c = await db.OpenAsync();
        if (liveOnly) return await LiveAsync(c, cohortId, kind);
        return (await c.QueryAsync<CertificateRow>($"SELECT {Columns} FROM certificates WHERE cohort_id = @cohortId AND kind = @kind ORDER BY serial_no",
            new { cohortId, kind })).ToList();
    }

    public async Task<CertificateRow?> FindAsync(long cohortId, long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<CertificateRow>($"SELECT {Columns} FROM certificates WHERE id = @id AND cohort_id = @cohortId", new { id, cohortId });
    }

    /// <summary>The trainee's certificate of this kind in force in the class, or null.</summary>
    public async Task<CertificateRow?> MineAsync(long cohortId, long enrollmentId, string kind = CertificateKinds.Completion)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<CertificateRow>(
            $"SELECT {Columns} FROM certificates WHERE cohort_id = @cohortId AND enrollment_id = @enrollmentId AND kind = @kind AND revoked_at IS NULL",
            new { cohortId, enrollmentId, kind });
    }

    /// <summary>The trainee's certificates in force in the class, every kind (the 结业证书 first).</summary>
    public async Task<IReadOnlyList<CertificateRow>> AllMineAsync(long cohortId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<CertificateRow>(
            $"SELECT {Columns} FROM certificates WHERE cohort_id = @cohortId AND enrollment_id = @enrollmentId AND revoked_at IS NULL ORDER BY kind, id",
            new { cohortId, enrollmentId })).ToList();
    }

    /// <summary>The certificate with this verification code (any state), or null. The code is compared as stored (upper case).</summary>
    public async Task<CertificateRow?> ByCodeAsync(string code)
    {
        if (!VerificationCode.IsWellFormed(code)) return null;
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<CertificateRow>($"SELECT {Columns} FROM certificates WHERE code = @code", new { code = code.ToUpperInvariant() });
    }

    /// <summary>
    /// Issues a certificate to every eligible trainee who has none in force (with the template as it is now): the number of
    /// certificates issued. Refused while the template is not stored (the organizer has not checked it).
    /// </summary>
    /// <remarks><paramref name="only"/>: issue only to these of the eligible (seed 004's outstanding trainees).</remarks>
    public async Task<Result<int>> IssueAsync(CurrentUser me, long cohortId, IReadOnlyCollection<long>? only = null)
    {
        var (settings, lines) = await JudgeAsync(cohortId);
        if (!settings.Stored) return new Error("Certificate.NoTemplate");
        var due = lines.Where(l => l.Judgement.Eligible && l.Certificate is null && (only is null || only.Contains(l.Judgement.Candidate.EnrollmentId)))
            .Select(l => l.Judgement.Candidate.EnrollmentId).ToList();
        return await IssueToAsync(me, cohortId, CertificateKinds.Completion, settings, due);
    }

    /// <summary>The class's confirmed outstanding list (in the list's order), or null while it is not confirmed.</summary>
    public async Task<IReadOnlyList<ConfirmedPick>?> ConfirmedOutstandingAsync(long cohortId)
    {
        var o = await outstanding.GetAsync(cohortId);
        return o.IsConfirmed ? o.Confirmed.OrderBy(p => p.Position).ToList() : null;
    }

    /// <summary>
    /// Issues the 优秀学员证书 to everyone on the class's confirmed outstanding list who has none in force (with its template
    /// as it is now; each audited): the number issued. Refused while the list is not confirmed or the template not stored.
    /// </summary>
    public async Task<Result<int>> IssueOutstandingAsync(CurrentUser me, long cohortId)
    {
        if (await ConfirmedOutstandingAsync(cohortId) is not { } list) return new Error("Certificate.OutstandingNotConfirmed");
        var settings = await SettingsAsync(cohortId, CertificateKinds.Outstanding);
        if (!settings.Stored) return new Error("Certificate.NoTemplate");
        var live = (await ListAsync(cohortId, liveOnly: true, CertificateKinds.Outstanding)).Select(x => x.EnrollmentId).ToHashSet();
        return await IssueToAsync(me, cohortId, CertificateKinds.Outstanding, settings, list.Select(p => p.EnrollmentId).Where(e => !live.Contains(e)).ToList());
    }

    private async Task<Result<int>> IssueToAsync(CurrentUser me, long cohortId, string kind, CertificateSettings settings, IReadOnlyList<long> due)
    {
        if (due.Count == 0) return Result<int>.Ok(0);
        var cohort = await cohorts.FindAsync(cohortId) ?? throw new InvalidOperationException("no class");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            var n = 0;
            foreach (var e in due) { await IssueOneAsync(c, tx, me.Id, cohort, kind, settings, e, now, null); n++; }
            return Result<int>.Ok(n);
        });
    }

    private static async Task<long> IssueOneAsync(DbConnection c, DbTransaction tx, long? by, CohortRow cohort, string kind, CertificateSettings s, long enrollmentId,
        DateTimeOffset now, string? reason)
    {
        var who = await c.QuerySingleAsync<(string Name, long? UserId, string? Unit)>("""
            SELECT e.name, e.user_id, u.name FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id WHERE e.id = @enrollmentId
            """, new { enrollmentId }, tx);
        var next = (await c.ExecuteScalarAsync<int?>("SELECT MAX(serial_no) FROM certificates WHERE cohort_id = @id AND kind = @kind", new { id = cohort.Id, kind }, tx) ?? 0) + 1;
        var t = s.Template;
        var issueDate = t.IssueDate ?? DateOnly.FromDateTime(Domain.Cohorts.ClassClock.ToLocal(now, cohort.TimeZone).DateTime);
        var serial = SerialFormat.Format(t.SerialFormat, next, issueDate.Year);
        var values = new Dictionary<string, string>
        {
            [CertificateFields.Name] = who.Name, [CertificateFields.Class] = cohort.Title,
            [CertificateFields.Start] = CertificateFields.Date(cohort.StartDate), [CertificateFields.End] = CertificateFields.Date(cohort.EndDate),
            [CertificateFields.Hours] = t.Hours, [CertificateFields.Unit] = who.Unit ?? "", [CertificateFields.Issuer] = t.Issuer,
            [CertificateFields.IssueDate] = CertificateFields.Date(issueDate), [CertificateFields.Serial] = serial,
        };
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO certificates (cohort_id, enrollment_id, user_id, code, serial_no, serial, name, cohort_title, start_date, end_date, title, body,
                issuer, issue_date, orientation, seal_attachment_id, issued_at, issued_by, kind)
            VALUES (@cohort, @enrollmentId, @user, @code, @next, @serial, @name, @cohortTitle, @start, @end, @title, @body,
                @Issuer, @issueDate, @orientation, @seal, @now, @by, @kind) RETURNING id
            """, new
        {
            cohort = cohort.Id, enrollmentId, user = who.UserId, code = VerificationCode.New(), next, serial, name = who.Name, cohortTitle = cohort.Title,
            start = cohort.StartDate, end = cohort.EndDate, title = CertificateFields.Fill(t.Title, values), body = CertificateFields.Fill(t.Body, values),
            t.Issuer, issueDate, orientation = Orientation(t.Orientation), seal = s.SealId, now, by, kind,
        }, tx);
        await Audit.WriteAsync(c, tx, by, now, "certificate", id, "certificate.issue", null, serial, reason);
        return id;
    }

    /// <summary>Revokes a certificate in force, with a reason (audited); the public page then says revoked.</summary>
    public async Task<Error?> RevokeAsync(CurrentUser me, long cohortId, long id, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return new Error("Certificate.ReasonRequired");
        if (reason.Length > 500) return new Error("Certificate.TooLong");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("""
                UPDATE certificates SET revoked_at = @now, revoked_by = @by, revoke_reason = @reason
                WHERE id = @id AND cohort_id = @cohortId AND revoked_at IS NULL
                """, new { now, by = me.Id, reason = reason.Trim(), id, cohortId }, tx);
            if (n == 0) return new Error("Certificate.NotInForce");
            await Audit.WriteAsync(c, tx, me.Id, now, "certificate", id, "certificate.revoke", null, null, reason.Trim());
            return null;
        });
    }

    /// <summary>
    /// Reissues a certificate (a corrected name, a new template): the old one is revoked with the reason if it is still in
    /// force, a new one is issued to the same trainee with the template and names as they are now — a new serial and a new
    /// code — and the old one points to it. Audited.
    /// </summary>
    public async Task<Result<long>> ReissueAsync(CurrentUser me, long cohortId, long id, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return new Error("Certificate.ReasonRequired");
        if (reason.Length > 500) return new Error("Certificate.TooLong");
        var cohort = await cohorts.FindAsync(cohortId);
        if (cohort is null) return new Error("Certificate.NotFound");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var old = await c.QuerySingleOrDefaultAsync<CertificateRow>($"SELECT {Columns} FROM certificates WHERE id = @id AND cohort_id = @cohortId", new { id, cohortId }, tx);
            if (old is null) return new Error("Certificate.NotFound");
            if (old.ReplacedBy is not null) return new Error("Certificate.AlreadyReplaced");
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM certificates WHERE enrollment_id = @e AND kind = @kind AND revoked_at IS NULL AND id <> @id",
                    new { e = old.EnrollmentId, kind = old.Kind, id }, tx) is not null)
                return new Error("Certificate.AnotherInForce");
            if (old.RevokedAt is null)
            {
                await c.ExecuteAsync("UPDATE certificates SET revoked_at = @now, revoked_by = @by, revoke_reason = @reason WHERE id = @id",
                    new { now, by = me.Id, reason = reason.Trim(), id }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "certificate", id, "certificate.revoke", null, null, reason.Trim());
            }
            var settings = await SettingsAsync(c, tx, cohortId, old.Kind);
            var fresh = await IssueOneAsync(c, tx, me.Id, cohort, old.Kind, settings, old.EnrollmentId, now, reason.Trim());
            await c.ExecuteAsync("UPDATE certificates SET replaced_by = @fresh WHERE id = @id", new { fresh, id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "certificate", id, "certificate.reissue", old.Serial, fresh.ToString(), reason.Trim());
            return Result<long>.Ok(fresh);
        });
    }

    /// <summary>The seal images the certificates print, by attachment id (each read once).</summary>
    public async Task<Dictionary<long, byte[]>> SealsAsync(IEnumerable<CertificateRow> certificates)
    {
        var result = new Dictionary<long, byte[]>();
        foreach (var id in certificates.Select(x => x.SealAttachmentId).OfType<long>().Distinct())
            if (await attachments.BytesAsync(id, false) is { } b) result[id] = b;
        return result;
    }

    private sealed class SettingsRow
    {
        public int? MinAttendancePercent { get; init; }
        public bool NoDepartures { get; init; }
        public bool TasksAccepted { get; init; }
        public int? MinScoreX100 { get; init; }
        public int? MinOnlinePercent { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public string Issuer { get; init; } = "";
        public DateOnly? IssueDate { get; init; }
        public string SerialFormat { get; init; } = "";
        public string Hours { get; init; } = "";
        public string Orientation { get; init; } = "landscape";
        public long? SealAttachmentId { get; init; }
    }
}

/// <summary>
/// A certificate's verification code: 128 bits from the system's cryptographic generator, written in Crockford's base32
/// (26 characters, no I L O U): nobody can guess one or walk through them.
/// </summary>
public static class VerificationCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 26;

    public static string New()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        var chars = new char[Length];
        var bits = new System.Numerics.BigInteger(b, isUnsigned: true);
        for (var i = Length - 1; i >= 0; i--) { chars[i] = Alphabet[(int)(bits & 31)]; bits >>= 5; }
        return new string(chars);
    }

    public static bool IsWellFormed(string? code) =>
        code is { Length: Length } && code.ToUpperInvariant().All(ch => Alphabet.Contains(ch));
}

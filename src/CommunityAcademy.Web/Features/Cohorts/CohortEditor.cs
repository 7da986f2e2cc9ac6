using CommunityAcademy.Web.Infrastructure.Web;
using System.Data.Common;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Cohorts;

public sealed class HostLine { public string? Role { get; set; } public string? Name { get; set; } }
public sealed class CategoryLine { public string? Category { get; set; } public string? Label { get; set; } public int? Headcount { get; set; } }

/// <summary>Every field of a class that the create and edit pages and PUT/PATCH change (quotas and submitting units
/// have their own page, the timetable its own).</summary>
public sealed class CohortForm
{
    public string? Program { get; set; }
    public string? Title { get; set; }
    public int? Number { get; set; }
    public string? Theme { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Venue { get; set; }
    public string? Format { get; set; }
    public string? TimeZone { get; set; } = ClassClock.DefaultZone;
    public string? Issuer { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public DateOnly? ReceiptDeadline { get; set; }
    // 培训要求
    public bool Accommodation { get; set; }
    public List<string> Meals { get; set; } = [];
    public bool LeaveAllowed { get; set; } = true;
    public int ArriveMinutesBefore { get; set; } = 10;
    public bool SignInEverySession { get; set; } = true;
    public bool FullTimeRelease { get; set; }
    public string? UnauthorizedDeparture { get; set; }
    public bool BulletinAfterClass { get; set; }
    public bool AutoLock { get; set; } = true;
    // 签到规则
    public int CheckinOpensMinutes { get; set; } = 30;
    public int CheckoutGraceMinutes { get; set; } = 30;
    public int DepartureMinutes { get; set; } = 30;
    public int LatesPerAbsence { get; set; } = 2;
    public int? CheckinRadiusMeters { get; set; }
    public bool SignOutRequired { get; set; }
    public int QrRotationSeconds { get; set; } = 15;
    public List<HostLine> Hosts { get; set; } = [];
    public List<CategoryLine> Categories { get; set; } = [];
    public string? NoticePreamble { get; set; }
    public string? NoticeContent { get; set; }
    public string? TraineeDescription { get; set; }

    public string Zone => string.IsNullOrWhiteSpace(TimeZone) ? ClassClock.DefaultZone : TimeZone.Trim();

    public SignInSettings SignInSettings => new(StartDate ?? default, EndDate ?? default, Zone, ArriveMinutesBefore, CheckinOpensMinutes,
        CheckoutGraceMinutes, SignOutRequired, DepartureMinutes, LatesPerAbsence, CheckinRadiusMeters);

    public static CohortForm From(CohortRow c, IEnumerable<HostRow> hosts, IEnumerable<CategoryRow> categories) => new()
    {
        Program = c.ProgramName, Title = c.Title, Number = c.Number, Theme = c.Theme, StartDate = c.StartDate, EndDate = c.EndDate,
        Venue = c.Venue, Format = c.Format, TimeZone = c.TimeZone, Issuer = c.Issuer, IssuedOn = c.IssuedOn, ContactName = c.ContactName,
        ContactPhone = c.ContactPhone, ReceiptDeadline = c.ReceiptDeadline, Accommodation = c.Accommodation, Meals = c.MealList.ToList(),
        LeaveAllowed = c.LeaveAllowed, ArriveMinutesBefore = c.ArriveMinutesBefore, SignInEverySession = c.SignInEverySession,
        FullTimeRelease = c.FullTimeRelease, UnauthorizedDeparture = c.UnauthorizedDeparture, BulletinAfterClass = c.BulletinAfterClass,
        AutoLock = c.RosterAutoLock, CheckinOpensMinutes = c.CheckinOpensMinutes, CheckoutGraceMinutes = c.CheckoutGraceMinutes,
        DepartureMinutes = c.DepartureMinutes, LatesPerAbsence = c.LatesPerAbsence, CheckinRadiusMeters = c.CheckinRadiusMeters,
        SignOutRequired = c.SignOutRequired, QrRotationSeconds = c.QrRotationSeconds,
        Hosts = hosts.Select(h => new HostLine { Role = h.Role, Name = h.Name }).ToList(),
        Categories = categories.Select(x => new CategoryLine { Category = x.Category, Label = x.Label, Headcount = x.Headcount }).ToList(),
        NoticePreamble = c.NoticePreamble, NoticeContent = c.NoticeContent, TraineeDescription = c.TraineeDescription,
    };

    /// <summary>Field errors, keyed as the API names the fields (program, rules.arriveMinutesBefore, hosts[0].name …).
    /// Blank host and category rows (as a page sends them) are dropped first.</summary>
    public Dictionary<string, List<string>> Validate()
    {
        Hosts = Hosts.Where(h => !string.IsNullOrWhiteSpace(h.Role) || !string.IsNullOrWhiteSpace(h.Name)).ToList();
        Categories = Categories.Where(x => !string.IsNullOrWhiteSpace(x.Category) || !string.IsNullOrWhiteSpace(x.Label) || x.Headcount is not null).ToList();
        Meals = Meals.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct().ToList();
        var e = new Dictionary<string, List<string>>();
        void Add(bool ok, string field, string message) { if (!ok) { if (!e.TryGetValue(field, out var l)) e[field] = l = []; l.Add(message); } }
        var required = Texts.Of("Problem.Required");
        Add(!string.IsNullOrWhiteSpace(Program), "program", required);
        Add(!string.IsNullOrWhiteSpace(Title), "title", required);
        Add(StartDate is not null, "startDate", required);
        Add(EndDate is not null, "endDate", required);
        if (StartDate is { } s && EndDate is { } en) Add(en >= s, "endDate", Texts.Of("Problem.EndBeforeStart"));
        Add(ClassClock.TryFindZone(Zone, out _), "timeZone", Texts.Of("Problem.UnknownTimeZone", Zone));
        Add(Number is null or (>= 1 and <= 10000), "number", Texts.Of("Problem.NumberRange"));
        for (var i = 0; i < Hosts.Count; i++)
        {
            Add(CohortTerms.HostRoles.Any(r => r.Code == Hosts[i].Role), $"hosts[{i}].role", Texts.Of("Problem.HostRole"));
            Add(!string.IsNullOrWhiteSpace(Hosts[i].Name), $"hosts[{i}].name", required);
        }
        for (var i = 0; i < Categories.Count; i++)
        {
            Add(CohortTerms.Categories.Any(c => c.Code == Categories[i].Category), $"categories[{i}].category", Texts.Of("Problem.CategoryCode"));
            Add(Categories[i].Headcount is >= 0 and <= 100000, $"categories[{i}].headcount", Texts.Of("Problem.HeadcountRange"));
        }
        var dup = Categories.Where(c => c.Category is not null).GroupBy(c => (c.Category, Label: LabelOf(c))).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) Add(false, "categories", Texts.Of("Problem.CategoryTwice", dup.Key.Label));
        Add(Meals.All(m => CohortTerms.Meals.Any(x => x.Code == m)), "rules.meals", Texts.Of("Problem.MealCode"));
        Add(ArriveMinutesBefore is >= 0 and <= 240, "rules.arriveMinutesBefore", Texts.Of("Problem.MinutesRange", 0, 240));
        Add(CheckinOpensMinutes is >= 0 and <= 720, "signIn.checkinOpensMinutes", Texts.Of("Problem.MinutesRange", 0, 720));
        Add(CheckinOpensMinutes >= ArriveMinutesBefore, "signIn.checkinOpensMinutes", Texts.Of("Problem.CheckinBeforeDue"));
        Add(CheckoutGraceMinutes is >= 0 and <= 720, "signIn.checkoutGraceMinutes", Texts.Of("Problem.MinutesRange", 0, 720));
        Add(DepartureMinutes is >= 0 and <= 720, "signIn.departureMinutes", Texts.Of("Problem.MinutesRange", 0, 720));
        Add(LatesPerAbsence is >= 1 and <= 100, "signIn.latesPerAbsence", Texts.Of("Problem.CountRange", 1, 100));
        Add(CheckinRadiusMeters is null or (>= 10 and <= 100000), "signIn.checkinRadiusMeters", Texts.Of("Problem.MetersRange", 10, 100000));
        Add(QrRotationSeconds is >= 5 and <= 600, "signIn.qrRotationSeconds", Texts.Of("Problem.SecondsRange", 5, 600));
        if (ContactPhone is { Length: > 0 } phone) Add(Domain.Enrollment.PhoneNumber.IsValid(phone), "contactPhone", Texts.Of("Problem.BadPhone"));
        return e;
    }

    public static string LabelOf(CategoryLine x) =>
        string.IsNullOrWhiteSpace(x.Label) ? CohortTerms.Categories.FirstOrDefault(k => k.Code == x.Category).Chinese ?? "" : x.Label.Trim();
}

/// <summary>What an edit would do to the attendance already recorded: statuses re-derived with the new dates, zone and rules
/// compared with the settled (or, not yet settled, the derived) ones.</summary>
public sealed record EditImpact(bool HasSignIns, int StatusesChanged, int SessionsAffected, int DaysShifted, IReadOnlyList<SessionRef> SessionsOutside);

public sealed record SessionRef(long Id, DateOnly Date, string Start, string Title);

public sealed record CopyResult(long Id, int OffsetDays, DateOnly Start, DateOnly End, IReadOnlyList<SessionRef> SessionsOutside);

public enum EditOutcome { Saved, NotFound, Archived, Invalid, NeedsConfirmation }

public sealed record EditResult(EditOutcome Outcome, Dictionary<string, List<string>>? Errors = null, EditImpact? Impact = null);

/// <summary>
/// Changes a class after it was created: edit (re-settling its attendance when dates, zone or sign-in rules change), copy,
/// archive. An archived class refuses every change (<see cref="ArchivedClassGuard"/> for the other features).
/// </summary>
public sealed class CohortEditor(Db db, CohortStore cohorts, AttendanceStore attendance, AttendanceSettlement settlement, TimeProvider clock)
{
    private sealed class SessionTiming
    {
        public long Id { get; init; }
        public DateOnly SessionDate { get; init; }
        public string StartTime { get; init; } = "";
        public string EndTime { get; init; } = "";
        public bool PastMidnight { get; init; }
        public string Title { get; init; } = "";
    }

    public async Task<(CohortForm Form, CohortRow Row)?> FormAsync(long id)
    {
        if (await cohorts.FindAsync(id) is not { } row) return null;
        await using var c = await db.OpenAsync();
        var hosts = await c.QueryAsync<HostRow>("SELECT role, name FROM cohort_hosts WHERE cohort_id = @id ORDER BY sort_order, id", new { id });
        var cats = await c.QueryAsync<CategoryRow>("SELECT category, label, headcount FROM participant_categories WHERE cohort_id = @id ORDER BY sort_order, id", new { id });
        return (CohortForm.From(row, hosts, cats), row);
    }

    /// <summary>Creates a class from the form (and quotas/submitters when the API gives them).</summary>
    public async Task<long> CreateAsync(CohortForm f, long userId, IReadOnlyList<NewQuotaLine>? quotas = null,
        IReadOnlyList<(long ScopeUnitId, long SubmitterUnitId)>? submitters = null)
    {
        var now = clock.GetUtcNow();
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var id = await CohortWriter.InsertAsync(c, tx, new NewCohort(
                f.Program!.Trim(), null, f.Title!.Trim(), f.Number, f.Theme, f.StartDate!.Value, f.EndDate!.Value, f.Venue, f.Format,
                f.Zone, f.Issuer, f.IssuedOn, f.ContactName, f.ContactPhone, f.ReceiptDeadline, f.Accommodation, f.Meals, f.LeaveAllowed,
                f.ArriveMinutesBefore, f.SignInEverySession, f.FullTimeRelease, f.UnauthorizedDeparture, f.BulletinAfterClass,
                [], [], [], quotas ?? [], submitters ?? []));
            await WriteFieldsAsync(c, tx, id, f);
            // Owned by the creating organizer's unit (none: seen by administrators and organizers without a unit).
            await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = (SELECT unit_id FROM users WHERE id = @userId) WHERE id = @id", new { userId, id }, tx);
            await Audit.WriteAsync(c, tx, userId, now, "cohort", id, "create", newValue: f.Title);
            return id;
        });
    }

    /// <summary>Saves every field. A change of dates, zone or sign-in rules of a class with sign-ins is only saved when
    /// <paramref name="confirmed"/>; otherwise the answer says what it would change. A new start date moves the timetable
    /// by the same number of days.</summary>
    public async Task<EditResult> UpdateAsync(long id, CohortForm f, long userId, bool confirmed)
    {
        if (await cohorts.FindAsync(id) is not { } before) return new(EditOutcome.NotFound);
        if (before.IsArchived) return new(EditOutcome.Archived);
        var errors = f.Validate();
        if (errors.Count > 0) return new(EditOutcome.Invalid, errors);
        var touches = CohortCopy.TouchesAttendance(before.SignInSettings, f.SignInSettings);
        EditImpact? impact = null;
        if (touches)
        {
            impact = await ImpactAsync(before, f);
            if (impact.HasSignIns && !confirmed) return new(EditOutcome.NeedsConfirmation, Impact: impact);
        }
        var now = clock.GetUtcNow();
        await db.InTransactionAsync(async (c, tx) =>
        {
            await WriteFieldsAsync(c, tx, id, f);
            var offset = f.StartDate!.Value.DayNumber - before.StartDate.DayNumber;
            if (offset != 0 || f.Zone != before.TimeZone)
                foreach (var s in await c.QueryAsync<SessionTiming>(
                    "SELECT id, session_date, start_time, end_time, past_midnight, title FROM sessions WHERE cohort_id = @id", new { id }, tx))
                {
                    var (date, startsAt, endsAt) = Place(s, offset, f.Zone);
                    await c.ExecuteAsync("UPDATE sessions SET session_date = @date, starts_at = @startsAt, ends_at = @endsAt WHERE id = @sid",
                        new { date, startsAt, endsAt, sid = s.Id }, tx);
                }
            if (touches) await AttendanceSettlement.ReopenCohortAsync(c, tx, id);
            await Audit.WriteAsync(c, tx, userId, now, "cohort", id, "update", newValue: touches
                ? $"dates/zone/sign-in rules changed; {impact?.StatusesChanged ?? 0} statuses re-settled" : null);
            return 0;
        });
        if (touches) await settlement.SettleDueAsync(id);
        return new(EditOutcome.Saved, Impact: impact);
    }

    private static (DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt) Place(SessionTiming s, int offset, string zone)
    {
        var date = s.SessionDate.AddDays(offset);
        ClassClock.TryParseTime(s.StartTime, out var start);
        ClassClock.TryParseTime(s.EndTime, out var end);
        return (date, ClassClock.ToInstant(date, start, zone), ClassClock.ToInstant(s.PastMidnight ? date.AddDays(1) : date, end, zone));
    }

    /// <summary>Statuses re-derived from the recorded scans, marks and leave under the new dates, zone and rules, against the
    /// settled statuses (or those derived now where a session is not settled yet).</summary>
    public async Task<EditImpact> ImpactAsync(CohortRow before, CohortForm f)
    {
        var id = before.Id;
        var offset = (f.StartDate ?? before.StartDate).DayNumber - before.StartDate.DayNumber;
        var newEnd = f.EndDate ?? before.EndDate;
        await using var c = await db.OpenAsync();
        var timings = (await c.QueryAsync<SessionTiming>(
            "SELECT id, session_date, start_time, end_time, past_midnight, title FROM sessions WHERE cohort_id = @id ORDER BY starts_at, sort_order", new { id })).ToList();
        var outside = timings.Where(t => t.SessionDate.AddDays(offset) > newEnd || t.SessionDate.AddDays(offset) < (f.StartDate ?? before.StartDate))
            .Select(t => new SessionRef(t.Id, t.SessionDate.AddDays(offset), t.StartTime, t.Title)).ToList();
        var signIns = await c.ExecuteScalarAsync<long>("""
            SELECT (SELECT COUNT(*) FROM check_ins ci JOIN sessions s ON s.id = ci.session_id WHERE s.cohort_id = @id)
                 + (SELECT COUNT(*) FROM attendance_marks m JOIN sessions s ON s.id = m.session_id WHERE s.cohort_id = @id)
                 + (SELECT COUNT(*) FROM attendance WHERE cohort_id = @id)
            """, new { id });
        if (signIns == 0) return new(false, 0, 0, offset, outside);

        var sessions = await AttendanceStore.SessionsOfAsync(c, id);
        var trainees = await attendance.TraineesAsync(c, id);
        var facts = await AttendanceStore.FactsAsync(c, null, id, sessions.Select(s => s.Id).ToList());
        var settled = (await c.QueryAsync<AttendanceStore.SettledRow>("SELECT * FROM attendance WHERE cohort_id = @id", new { id }))
            .ToDictionary(r => (r.SessionId, r.EnrollmentId));
        var byId = timings.ToDictionary(t => t.Id);
        var now = clock.GetUtcNow();
        var zone = f.Zone;
        int changed = 0, affected = 0;
        foreach (var s in sessions)
        {
            var (_, startsAt, endsAt) = byId.TryGetValue(s.Id, out var t) ? Place(t, offset, zone) : (default, s.StartsAt, s.EndsAt);
            var n = new CheckInSessionRow
            {
                Id = s.Id, CohortId = s.CohortId, Title = s.Title, StartsAt = startsAt, EndsAt = endsAt, SignInRequired = s.SignInRequired,
                TimeZone = zone, ArriveMinutesBefore = f.ArriveMinutesBefore, CheckinOpensMinutes = f.CheckinOpensMinutes,
                CheckoutGraceMinutes = f.CheckoutGraceMinutes, QrRotationSeconds = f.QrRotationSeconds, SignOutRequired = f.SignOutRequired,
                DepartureMinutes = f.DepartureMinutes, LatesPerAbsence = f.LatesPerAbsence, CheckinRadiusMeters = f.CheckinRadiusMeters,
                Latitude = s.Latitude, Longitude = s.Longitude,
            };
            var oldOpen = AttendanceRulebook.OpensAt(s.StartsAt, s.Rules) <= now;
            var newOpen = AttendanceRulebook.OpensAt(n.StartsAt, n.Rules) <= now;
            if (!oldOpen && !newOpen) continue;
            var here = 0;
            foreach (var tr in trainees)
            {
                var was = settled.TryGetValue((s.Id, tr.Id), out var r) ? r.Status
                    : oldOpen ? AttendanceStore.Line(s, tr, facts, now).Status : "pending";
                var will = newOpen ? AttendanceStore.Line(n, tr, facts, now).Status : "pending";
                if (was != will) here++;
            }
            changed += here;
            if (here > 0) affected++;
        }
        return new(true, changed, affected, offset, outside);
    }

    /// <summary>Writes the form's fields and replaces the hosts and participant categories.</summary>
    private static async Task WriteFieldsAsync(DbConnection c, DbTransaction tx, long id, CohortForm f)
    {
        var program = f.Program!.Trim();
        var programId = await c.ExecuteScalarAsync<long?>("SELECT id FROM programs WHERE name = @program ORDER BY id LIMIT 1", new { program }, tx)
            ?? await c.ExecuteScalarAsync<long>("INSERT INTO programs (name, created_at) VALUES (@program, @now) RETURNING id",
                new { program, now = DateTimeOffset.UtcNow }, tx);
        await c.ExecuteAsync("""
            UPDATE cohorts SET program_id = @programId, title = @title, number = @Number, theme = @Theme, start_date = @StartDate, end_date = @EndDate,
                venue = @Venue, format = @Format, time_zone = @zone, issuer = @Issuer, issued_on = @IssuedOn, contact_name = @ContactName,
                contact_phone = @ContactPhone, receipt_deadline = @ReceiptDeadline, accommodation = @Accommodation, meals = @meals,
                leave_allowed = @LeaveAllowed, arrive_minutes_before = @ArriveMinutesBefore, sign_in_every_session = @SignInEverySession,
                full_time_release = @FullTimeRelease, unauthorized_departure = @UnauthorizedDeparture, bulletin_after_class = @BulletinAfterClass,
                roster_auto_lock = @AutoLock, checkin_opens_minutes = @CheckinOpensMinutes, checkout_grace_minutes = @CheckoutGraceMinutes,
                departure_minutes = @DepartureMinutes, lates_per_absence = @LatesPerAbsence, checkin_radius_meters = @CheckinRadiusMeters,
                sign_out_required = @SignOutRequired, qr_rotation_seconds = @QrRotationSeconds,
                notice_preamble = @NoticePreamble, notice_content = @NoticeContent, trainee_description = @TraineeDescription
            WHERE id = @id
            """, new
        {
            programId, title = f.Title!.Trim(), f.Number, f.Theme, f.StartDate, f.EndDate, f.Venue, f.Format, zone = f.Zone, f.Issuer, f.IssuedOn,
            f.ContactName, f.ContactPhone, f.ReceiptDeadline, f.Accommodation, meals = string.Join(",", f.Meals), f.LeaveAllowed,
            f.ArriveMinutesBefore, f.SignInEverySession, f.FullTimeRelease, f.UnauthorizedDeparture, f.BulletinAfterClass, f.AutoLock,
            f.CheckinOpensMinutes, f.CheckoutGraceMinutes, f.DepartureMinutes, f.LatesPerAbsence, f.CheckinRadiusMeters, f.SignOutRequired,
            f.QrRotationSeconds, f.NoticePreamble, f.NoticeContent, f.TraineeDescription, id,
        }, tx);
        await c.ExecuteAsync("DELETE FROM cohort_hosts WHERE cohort_id = @id", new { id }, tx);
        var order = 0;
        foreach (var h in f.Hosts)
            await c.ExecuteAsync("INSERT INTO cohort_hosts (cohort_id, role, name, sort_order) VALUES (@id, @role, @name, @order)",
                new { id, role = h.Role, name = h.Name!.Trim(), order = order++ }, tx);
        await c.ExecuteAsync("DELETE FROM participant_categories WHERE cohort_id = @id", new { id }, tx);
        order = 0;
        foreach (var x in f.Categories)
            await c.ExecuteAsync("INSERT INTO participant_categories (cohort_id, category, label, headcount, sort_order) VALUES (@id, @category, @label, @headcount, @order)",
                new { id, category = x.Category, label = CohortForm.LabelOf(x), headcount = x.Headcount ?? 0, order = order++ }, tx);
    }

    /// <summary>
    /// A new class from an earlier one: hosts, rules, sign-in rules, participant categories (not the people), quotas and
    /// submitting units, the timetable with its instructors and teams, moved by the days between the two start dates, and the
    /// receipt deadline moved the same. Never trainees, receipts or attendance. Sessions after the new end are kept on their
    /// moved day and listed for the organizer to place.
    /// </summary>
    public async Task<Domain.Result<CopyResult>> CopyAsync(long sourceId, string title, DateOnly start, DateOnly? end, int? number, long userId)
    {
        if (await cohorts.FindAsync(sourceId) is not { } src) return new Domain.Error("Cohorts.NotFound");
        var made = CohortCopy.Make(src.StartDate, src.EndDate, src.ReceiptDeadline, start, end);
        if (made.Error is { } err) return err;
        var plan = made.Value!;
        var now = clock.GetUtcNow();
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO cohorts (program_id, title, number, theme, start_date, end_date, venue, format, time_zone, issuer, issued_on,
                    contact_name, contact_phone, receipt_deadline, accommodation, meals, leave_allowed, arrive_minutes_before,
                    sign_in_every_session, full_time_release, unauthorized_departure, bulletin_after_class, created_at,
                    notice_preamble, notice_content, trainee_description, roster_auto_lock,
                    checkin_opens_minutes, checkout_grace_minutes, qr_rotation_seconds, sign_out_required, departure_minutes,
                    lates_per_absence, checkin_radius_meters, copied_from, owner_unit_id)
                SELECT program_id, @title, @number, theme, @start, @end, venue, format, time_zone, issuer, @issuedOn,
                    contact_name, contact_phone, @deadline, accommodation, meals, leave_allowed, arrive_minutes_before,
                    sign_in_every_session, full_time_release, unauthorized_departure, bulletin_after_class, @now,
                    notice_preamble, notice_content, trainee_description, roster_auto_lock,
                    checkin_opens_minutes, checkout_grace_minutes, qr_rotation_seconds, sign_out_required, departure_minutes,
                    lates_per_absence, checkin_radius_meters, id,
                    COALESCE((SELECT unit_id FROM users WHERE id = @userId), owner_unit_id)
                FROM cohorts WHERE id = @sourceId
                RETURNING id
                """, new
            {
                title = title.Trim(), number, start = plan.Start, end = plan.End, issuedOn = src.IssuedOn is { } io ? plan.Shift(io) : (DateOnly?)null,
                deadline = plan.ReceiptDeadline, now, sourceId, userId,
            }, tx);
            var p = new { id, sourceId };
            await c.ExecuteAsync("INSERT INTO cohort_hosts (cohort_id, role, name, sort_order) SELECT @id, role, name, sort_order FROM cohort_hosts WHERE cohort_id = @sourceId ORDER BY sort_order, id", p, tx);
            await c.ExecuteAsync("""
                INSERT INTO participant_categories (cohort_id, category, label, headcount, sort_order)
                SELECT @id, category, label, headcount, sort_order FROM participant_categories WHERE cohort_id = @sourceId ORDER BY sort_order, id
                """, p, tx);
            await c.ExecuteAsync("""
                INSERT INTO quota_lines (cohort_id, unit_id, position, places, sort_order, written_as)
                SELECT @id, unit_id, position, places, sort_order, written_as FROM quota_lines WHERE cohort_id = @sourceId ORDER BY sort_order, id
                """, p, tx);
            await c.ExecuteAsync("""
                INSERT INTO receipt_submitters (cohort_id, scope_unit_id, submitter_unit_id)
                SELECT @id, scope_unit_id, submitter_unit_id FROM receipt_submitters WHERE cohort_id = @sourceId
                """, p, tx);
            var outside = new List<SessionRef>();
            foreach (var s in (await c.QueryAsync<SessionTiming>(
                "SELECT id, session_date, start_time, end_time, past_midnight, title FROM sessions WHERE cohort_id = @sourceId ORDER BY starts_at, sort_order, id", p, tx)).ToList())
            {
                var (date, startsAt, endsAt) = Place(s, plan.OffsetDays, src.TimeZone);
                var newSession = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, past_midnight, title, session_type,
                        workshop_method, instructors, venue, teaching_point_id, scene_id, sign_in_required, study_hours, online_link, material, sort_order)
                    SELECT @id, @date, start_time, end_time, @startsAt, @endsAt, past_midnight, title, session_type,
                        workshop_method, instructors, venue, teaching_point_id, scene_id, sign_in_required, study_hours, online_link, material, sort_order
                    FROM sessions WHERE id = @old
                    RETURNING id
                    """, new { id, date, startsAt, endsAt, old = s.Id }, tx);
                await c.ExecuteAsync("""
                    INSERT INTO session_instructors (session_id, instructor_id, team_id, sort_order)
                    SELECT @newSession, instructor_id, team_id, sort_order FROM session_instructors WHERE session_id = @old ORDER BY sort_order, id
                    """, new { newSession, old = s.Id }, tx);
                if (plan.Outside(date)) outside.Add(new SessionRef(newSession, date, s.StartTime, s.Title));
            }
            await Audit.WriteAsync(c, tx, userId, now, "cohort", id, "copy", oldValue: sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture), newValue: title.Trim());
            return Domain.Result<CopyResult>.Ok(new CopyResult(id, plan.OffsetDays, plan.Start, plan.End, outside));
        });
    }

    /// <summary>What a copy would do, for the preview: the shift and the sessions that would fall outside.</summary>
    public async Task<Domain.Result<CopyResult>> PreviewCopyAsync(CohortRow src, DateOnly start, DateOnly? end)
    {
        var made = CohortCopy.Make(src.StartDate, src.EndDate, src.ReceiptDeadline, start, end);
        if (made.Error is { } err) return err;
        var plan = made.Value!;
        await using var c = await db.OpenAsync();
        var outside = (await c.QueryAsync<SessionTiming>(
                "SELECT id, session_date, start_time, end_time, past_midnight, title FROM sessions WHERE cohort_id = @id ORDER BY starts_at, sort_order, id", new { id = src.Id }))
            .Where(s => plan.Outside(plan.Shift(s.SessionDate)))
            .Select(s => new SessionRef(s.Id, plan.Shift(s.SessionDate), s.StartTime, s.Title)).ToList();
        return Domain.Result<CopyResult>.Ok(new CopyResult(0, plan.OffsetDays, plan.Start, plan.End, outside));
    }

    /// <summary>Archives (or brings back) a class; false when it does not exist or is already so.</summary>
    public async Task<bool> SetArchivedAsync(long id, bool archived, long userId)
    {
        var now = clock.GetUtcNow();
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var n = archived
                ? await c.ExecuteAsync("UPDATE cohorts SET archived_at = @now, archived_by = @userId WHERE id = @id AND archived_at IS NULL", new { now, userId, id }, tx)
                : await c.ExecuteAsync("UPDATE cohorts SET archived_at = NULL, archived_by = NULL WHERE id = @id AND archived_at IS NOT NULL", new { id }, tx);
            if (n == 1) await Audit.WriteAsync(c, tx, userId, now, "cohort", id, archived ? "archive" : "unarchive");
            return n == 1;
        });
    }

    /// <summary>The class a request changes is archived: by its id, or by one of its sessions' ids.</summary>
    public async Task<bool> IsArchivedAsync(long? cohortId, long? sessionId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(cohortId is not null
            ? "SELECT COUNT(*) FROM cohorts WHERE id = @cohortId AND archived_at IS NOT NULL"
            : "SELECT COUNT(*) FROM sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE s.id = @sessionId AND c.archived_at IS NOT NULL",
            new { cohortId, sessionId }) > 0;
    }
}

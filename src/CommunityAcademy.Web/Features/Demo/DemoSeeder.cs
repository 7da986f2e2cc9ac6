using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Timetable;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

public sealed record DemoAccount(string Username, string Role, string Description);

/// <summary>
/// Loads seed 000 (鄂州 第二期) into an empty database: the unit tree of attachment 1, the class with its
/// rules, categories and 7 sessions, and invented trainees filling the 90 places, with demo accounts; then seeds 001
/// (<see cref="Seed001"/>) and 002 (<see cref="Seed002"/>) under their own roots.
/// </summary>
public sealed class DemoSeeder(Db db, AccountStore accounts, TimeProvider clock, ILogger<DemoSeeder> log,
    Groups.GroupStore groups, Outputs.OutputStore outputs, Reviews.ReviewStore reviews, Cohorts.CohortAccess access, Infrastructure.Files.AttachmentStore files,
    Scores.ClassScoreStore scores, Scores.OutstandingStore outstanding, Infrastructure.Files.SheetUpload sheets, Certificates.CertificateStore certificates)
{
    public const string Password = "demo1234";

    public static readonly IReadOnlyDictionary<string, string> ContactUsernames = new Dictionary<string, string>
    {
        ["鄂城区"] = "contact-echeng", ["华容区"] = "contact-huarong", ["梁子湖区"] = "contact-liangzihu",
        ["葛店经开区"] = "contact-gedian", ["临空经济区"] = "contact-linkong",
    };

    public static Fixture LoadFixture()
    {
        using var s = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Demo.ezhou-2023-phase2.json")
            ?? throw new InvalidOperationException("The demo fixture is not embedded.");
        return JsonSerializer.Deserialize<Fixture>(s, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
    }

    /// <summary>True when the demo was loaded now; false when the database already holds data.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using (var check = await db.OpenAsync(ct))
        {
            if (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units") > 0
                || await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cohorts") > 0)
            {
                log.LogInformation("Database already holds data; the demo is not loaded again");
                return false;
            }
        }
        var f = LoadFixture();
        // One hash for every demo account: hashing 100 passwords would add seconds to the start.
        var hash = accounts.Hash(Password);
        await db.InTransactionAsync(async (c, tx) => { await SeedAsync(c, tx, f, hash); return 0; }, ct);
        await DemoOutputs.SeedAsync(db, groups, outputs, clock); // the groups' outputs of seeds 001 and 002 (#17), through the stores
        await Seed002Reviews.SeedAsync(db, accounts, groups, reviews, clock, hash); // seed 002's plans in rounds, through the stores (#18)
        await Seed004Tasks.SeedAsync(db, accounts, access, reviews, files, clock, hash); // seed 004's practice tasks, through the task store (#19)
        await Seed004Outstanding.SeedAsync(db, scores, outstanding); // seed 004's class score and 优秀学员 rule (#19)
        await Seed004Online.SeedAsync(db, sheets, files, access); // seed 004's live exports, case pushes and theme course (#21)
        await SeedCertificates.SeedAsync(db, certificates, outstanding); // seed 000's 结业证书 under its rule, seed 004's 优秀学员 list confirmed and its 优秀学员证书 (#22)
        await SeedScenes.SeedAsync(db, files, clock); // #25: the sample star standard, seed 000's scenes, cards, 惠南镇's resources, seed 002's brands
        await Seed003Logs.SeedAsync(db, files); // seed 003's 学员日志, 刚彩凤's commented and marked good (#23)
        await SeedHandbook.SeedAsync(db, clock); // seed 003's 社区工作手册（示例）, indexed for search (#26)
        await Seed003Survey.SeedAsync(db, clock); // seed 003's three-audience feedback survey, answered (#23)
        log.LogInformation("Demo classes loaded: {Title}, {Seed001}, {Seed002}, {Seed004}", f.Cohort.Title, Seed001.Title, Seed002.Title, Seed004.Title);
        return true;
    }

    private async Task SeedAsync(DbConnection c, DbTransaction tx, Fixture f, string hash)
    {
        var ids = new Dictionary<string, long>(); // unit name → id; names are unique within this seed
        async Task<long> unit(string name, long? parent, string? fixtureKind = null)
        {
            if (ids.TryGetValue(name, out var id)) return id;
            var kind = UnitKinds.InferFromName(name)
                ?? (UnitKinds.TryParse(fixtureKind, out var k) ? k : UnitKind.Department);
            id = await UnitStore.InsertAsync(c, tx, new NewUnit(name, kind, parent));
            ids[name] = id;
            return id;
        }

        var city = await unit(f.City, null);
        var bureau = await unit(f.Cohort.Issuer, city); // 鄂州市民政局, the organizer's unit
        var quotas = new List<NewQuotaLine>();
        var submitters = new List<(long, long)>();
        var seats = new List<(long UnitId, string Position)>();
        foreach (var d in f.Districts)
        {
            var district = await unit(d.Name, city);
            // Entered in the order of 附件1 (units keep the order they were entered in): the district's own units, each
            // where its first community comes in the list (花湖镇, which only appears as a parent, between 樊口街道 and
            // 汀祖镇), else where it is listed; then the communities in their rows.
            var rows = d.Quotas.Select((q, i) => (q, i)).ToList();
            var below = rows.Where(r => r.q.Parent == d.Name).Select(r => (Name: r.q.Unit, Kind: (string?)r.q.Kind))
                .Concat(rows.Where(r => r.q.Parent != d.Name && !d.Quotas.Any(o => o.Unit == r.q.Parent)).Select(r => (Name: r.q.Parent, Kind: (string?)null)))
                .DistinctBy(u => u.Name)
                .OrderBy(u => rows.Where(r => r.q.Parent == u.Name).Select(r => r.i).DefaultIfEmpty(rows.FirstOrDefault(r => r.q.Unit == u.Name).i).Min());
            foreach (var (name, kind) in below)
                await unit(name, district, kind);
            foreach (var q in d.Quotas.Where(q => q.Parent != d.Name))
                await unit(q.Unit, ids[q.Parent], q.Kind);
            var submitter = await unit(d.SubmittingUnit, district);
            submitters.Add((district, submitter));
            foreach (var q in d.Quotas)
            {
                quotas.Add(new NewQuotaLine(ids[q.Unit], q.Position, q.Places, q.WrittenAs));
                for (var i = 0; i < q.Places; i++) seats.Add((ids[q.Unit], q.Position));
            }
        }

        var co = f.Cohort;
        var hosts = new List<(string, string)> { ("sponsor", co.Issuer) };
        if (!string.IsNullOrEmpty(co.TrainingProvider)) hosts.Add(("provider", co.TrainingProvider));
        var cohortId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            f.Program.Name, f.Program.Series, co.Title, co.Number, co.Theme, co.Start, co.End, co.Venue, co.Format,
            "Asia/Shanghai", co.Issuer, co.IssuedOn, co.Contact?.Name, co.Contact?.Phone, co.ReceiptDeadline,
            co.Rules.Accommodation, co.Rules.Meals, co.Rules.LeaveAllowed, co.Rules.ArriveMinutesBefore,
            co.Rules.SignInEverySession, FullTimeRelease: true, co.Rules.UnauthorizedDeparture, co.Rules.BulletinAfterClass,
            hosts,
            co.ParticipantCategories.Select(p => (p.Category, p.Label, p.Count)).ToList(),
            f.Timetable.Select(s => new NewSession(s.Date, s.Start, s.End, s.Title, s.Type, string.Join("、", s.Instructors), co.Venue)).ToList(),
            quotas, submitters));

        async Task<long> account(string username, string name, string role, long? unitId, string? phone = null) =>
            await accounts.CreateAsync(new NewUser(username, name, Password, [role], unitId, phone, PasswordHash: hash), c, tx);

        await account("admin", "系统管理员", Role.Administrator, null);
        await account("organizer", "熊定", Role.Organizer, bureau, co.Contact?.Phone);
        var headteacher = await account("headteacher", "班主任（演示）", Role.HeadTeacher, bureau);
        var mentor = await account("mentor", "陈伟东", Role.Mentor, null);
        await SeedTimetableAsync(c, tx, co, cohortId, mentor);
        var expert = await account("expert", "评审专家（演示）", Role.Expert, null);
        foreach (var (district, username) in ContactUsernames)
            await account(username, $"{district}联络员", Role.UnitContact, ids[district]);

        // The trainees arrive as each district's receipt, returned by its contact before the deadline; the roster
        // was then locked, as a finished class would have it.
        var contacts = new Dictionary<string, long>();
        foreach (var (district, username) in ContactUsernames)
            contacts[district] = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = @username", new { username }, tx);
        var deadline = co.ReceiptDeadline ?? co.Start;
        var seat = 0;
        foreach (var d in f.Districts)
        {
            var districtSeats = seats.Skip(seat).Take(d.Total).ToList();
            var receiptId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO receipts (cohort_id, scope_unit_id, submitted_by, submitted_at, source, file_name, row_count, late, is_current)
                VALUES (@cohortId, @scope, @by, @at, 'file', @file, @count, FALSE, TRUE) RETURNING id
                """, new
            {
                cohortId, scope = ids[d.Name], by = contacts[d.Name], count = districtSeats.Count, file = $"参训人员回执（{d.SubmittingUnit}）.xlsx",
                at = Domain.Cohorts.ClassClock.ToInstant(deadline.AddDays(-2), new TimeOnly(10, 0), "Asia/Shanghai"),
            }, tx);
            for (var k = 0; k < districtSeats.Count; k++, seat++)
            {
                var (unitId, position) = districtSeats[k];
                var name = InventedName(seat);
                var phone = InventedPhone(seat);
                var rowId = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO receipt_rows (receipt_id, row_number, unit_id, name, position, phone, phone_key)
                    VALUES (@receiptId, @row, @unitId, @name, @position, @phone, @phone) RETURNING id
                    """, new { receiptId, row = k + 3, unitId, name, position, phone }, tx);
                var userId = await account($"t{seat + 1:000}", name, Role.Trainee, unitId, phone);
                await c.ExecuteAsync("""
                    INSERT INTO enrollments (cohort_id, user_id, category, name, unit_id, position, phone, phone_key, receipt_row_id, status, created_at)
                    VALUES (@cohortId, @userId, 'trainee', @name, @unitId, @position, @phone, @phone, @rowId, 'active', @now)
                    """, new { cohortId, userId, name, unitId, position, phone, rowId, now = DateTimeOffset.UtcNow }, tx);
            }
        }
        await c.ExecuteAsync("UPDATE cohorts SET roster_locked_at = @at, notice_preamble = @preamble, notice_content = @content, trainee_description = @trainees WHERE id = @cohortId",
            new { cohortId, at = Domain.Enrollment.RosterRules.DeadlineEnd(deadline, "Asia/Shanghai"), preamble = Seed000.Preamble, content = Seed000.Content, trainees = Seed000.Trainees }, tx);

        await SeedAttendanceAsync(c, tx, cohortId, headteacher);

        // A third class shaped like the second, its receipts still open, so a newcomer can run an enrollment:
        // the deadline a week from today, the class two weeks after that.
        var today = DateOnly.FromDateTime(Domain.Cohorts.ClassClock.ToLocal(clock.GetUtcNow(), "Asia/Shanghai").DateTime);
        var start = today.AddDays(21);
        var shift = start.DayNumber - co.Start.DayNumber;
        var openId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            f.Program.Name, f.Program.Series, OpenClassTitle, 3, co.Theme, start, co.End.AddDays(shift), co.Venue, co.Format,
            "Asia/Shanghai", co.Issuer, today, co.Contact?.Name, co.Contact?.Phone, today.AddDays(7),
            co.Rules.Accommodation, co.Rules.Meals, co.Rules.LeaveAllowed, co.Rules.ArriveMinutesBefore,
            co.Rules.SignInEverySession, FullTimeRelease: true, co.Rules.UnauthorizedDeparture, co.Rules.BulletinAfterClass,
            hosts,
            co.ParticipantCategories.Select(p => (p.Category, p.Label, p.Count)).ToList(),
            f.Timetable.Select(s => new NewSession(s.Date.AddDays(shift), s.Start, s.End, s.Title, s.Type, string.Join("、", s.Instructors), co.Venue)).ToList(),
            quotas, submitters));
        await c.ExecuteAsync("UPDATE cohorts SET notice_preamble = @preamble, notice_content = @content, trainee_description = @trainees WHERE id = @openId",
            new { openId, preamble = Seed000.Preamble.Replace("第二期", "第三期"), content = Seed000.Content, trainees = Seed000.Trainees }, tx);
        await c.ExecuteAsync("""
            INSERT INTO session_instructors (session_id, team_id, sort_order)
            SELECT s.id, t.id, 0 FROM sessions s, instructor_teams t
            WHERE s.cohort_id = @openId AND s.instructors = '陈伟东等' AND t.name = '华师陈伟东教授团队'
            """, new { openId }, tx);

        // A sign-in class: seed 000's rules and timetable moved to start today, with ten of the demo trainees
        // (t081 … t090, copied from the second class), so a newcomer can try QR sign-in live this week.
        var liveShift = today.DayNumber - co.Start.DayNumber;
        var liveId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            f.Program.Name, f.Program.Series, SignInClassTitle, null, co.Theme, today, co.End.AddDays(liveShift), co.Venue, co.Format,
            "Asia/Shanghai", co.Issuer, today, co.Contact?.Name, co.Contact?.Phone, null,
            co.Rules.Accommodation, co.Rules.Meals, co.Rules.LeaveAllowed, co.Rules.ArriveMinutesBefore,
            co.Rules.SignInEverySession, FullTimeRelease: true, co.Rules.UnauthorizedDeparture, co.Rules.BulletinAfterClass,
            hosts,
            co.ParticipantCategories.Select(p => (p.Category, p.Label, p.Count)).ToList(),
            f.Timetable.Select(s => new NewSession(s.Date.AddDays(liveShift), s.Start, s.End, s.Title, s.Type, string.Join("、", s.Instructors), co.Venue)).ToList(),
            [], []));
        // Unlike seed 000 (参训人员一律不准请假), this class takes leave with the head teacher's approval, so the trainee's
        // request and its approval can be walked in the demo (#14).
        await c.ExecuteAsync("UPDATE cohorts SET leave_allowed = TRUE WHERE id = @liveId", new { liveId }, tx);
        await c.ExecuteAsync("""
            INSERT INTO enrollments (cohort_id, user_id, category, name, unit_id, position, phone, phone_key, status, created_at)
            SELECT @liveId, e.user_id, 'trainee', e.name, e.unit_id, e.position, e.phone, e.phone_key, 'active', @now
            FROM enrollments e JOIN users u ON u.id = e.user_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND u.username >= 't081' AND u.username <= 't090'
            """, new { liveId, cohortId, now = clock.GetUtcNow() }, tx);

        // Who sees the demo classes (#13 point 3): the bureau (the organizer's unit) owns all three, and the demo head
        // teacher, mentor and expert are on each of them.
        await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = @bureau WHERE id IN (@cohortId, @openId, @liveId)", new { bureau, cohortId, openId, liveId }, tx);
        foreach (var id in new[] { cohortId, openId, liveId })
            foreach (var (user, place) in new[] { (headteacher, Role.HeadTeacher), (mentor, Role.Mentor), (expert, Role.Expert) })
                await CohortStaff.AddAsync(c, tx, id, user, place, clock.GetUtcNow());

        // Seeds 001 and 002 (#16 point 3), each under its own root and owned by its own office's organizer: next week
        // and the week after, so their groups and 001's World Café can be planned before they happen.
        DemoAccountMaker maker = (username, name, role, unitId, phone) => account(username, name, role, unitId, phone);
        await Seed001.SeedAsync(c, tx, today.AddDays(Seed001Days), today, maker, clock.GetUtcNow());
        await Seed002.SeedAsync(c, tx, today.AddDays(Seed002Days), today, maker, clock.GetUtcNow());
        await Seed003.SeedAsync(c, tx, today.AddDays(Seed003Days), today, maker, clock.GetUtcNow()); // #20: courses, review meeting, the class from the library
        await Seed004.SeedAsync(c, tx, today, maker, clock.GetUtcNow()); // seed 004 (#19): seven weeks before today, its tasks after
    }

    /// <summary>Days from the seeding day to seed 001's first day, and to seed 002's study visit.</summary>
    public const int Seed001Days = 7, Seed002Days = 14, Seed003Days = 10;

    /// <summary>
    /// The finished class's sign-in sheets, as its head teacher uploaded them: everyone 15 minutes before each session
    /// and out a minute after it, except five trainees — t001 five minutes late to the second session, t002 absent from
    /// the third, t003 gone at 15:30 on the last afternoon (left without permission), t004 late to the fourth and fifth
    /// (two lates: one absence), t005 ten minutes early out of the fifth. The statuses, discipline records and bulletin
    /// follow from the rules (the settlement job writes them at start-up).
    /// </summary>
    public static IEnumerable<(int Session, string Trainee, DateTimeOffset? In, DateTimeOffset? Out)> Seed000SignIns(
        IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> sessions, IEnumerable<string> trainees)
    {
        var list = trainees.ToList();
        for (var s = 0; s < sessions.Count; s++)
        {
            var (start, end) = sessions[s];
            foreach (var t in list)
            {
                DateTimeOffset? signIn = start.AddMinutes(-15), signOut = end.AddMinutes(1);
                if (t == "t001" && s == 1) signIn = start.AddMinutes(-5);
                if (t == "t002" && s == 2) signIn = signOut = null;
                if (t == "t003" && s == sessions.Count - 1) signOut = Domain.Cohorts.ClassClock.ToInstant(
                    DateOnly.FromDateTime(Domain.Cohorts.ClassClock.ToLocal(start, "Asia/Shanghai").DateTime), new TimeOnly(15, 30), "Asia/Shanghai");
                if (t == "t004" && s is 3 or 4) signIn = start.AddMinutes(-8);
                if (t == "t005" && s == 4) signOut = end.AddMinutes(-10);
                yield return (s, t, signIn, signOut);
            }
        }
    }

    private sealed class SessionTimes
    {
        public long Id { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
    }

    private static async Task SeedAttendanceAsync(DbConnection c, DbTransaction tx, long cohortId, long headteacher)
    {
        var sessions = (await c.QueryAsync<SessionTimes>("SELECT id, starts_at, ends_at FROM sessions WHERE cohort_id = @cohortId ORDER BY starts_at",
            new { cohortId }, tx)).Select(x => (x.Id, Start: x.StartsAt, End: x.EndsAt)).ToList();
        var trainees = (await c.QueryAsync<(string Username, long Id)>("""
            SELECT u.username, e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohortId AND e.category = 'trainee'
            """, new { cohortId }, tx)).ToDictionary(x => x.Username, x => x.Id);
        foreach (var (s, t, signIn, signOut) in Seed000SignIns(sessions.Select(x => (x.Start, x.End)).ToList(), trainees.Keys.Order(StringComparer.Ordinal)))
            foreach (var (kind, at) in new[] { ("in", signIn), ("out", signOut) })
                if (at is { } when)
                    await c.ExecuteAsync("""
                        INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, server_at, method, recorded_by, flags)
                        VALUES (@session, @enrollment, @kind, @clientId, @when, @server, 'staff', @headteacher, '')
                        """, new { session = sessions[s].Id, enrollment = trainees[t], kind, clientId = $"demo-{s}-{t}-{kind}", when,
                            server = sessions[^1].End.AddHours(18), headteacher }, tx);
    }

    public const string SignInClassTitle = "签到体验班——城乡社区工作者场景塑造实务能力培训（本周）";

    public const string OpenClassTitle = "鄂州市城乡社区工作者场景塑造实务能力培训第三期";

    /// <summary>
    /// The people and places behind seed 000's timetable: 陈伟东 (the demo mentor account) leading the
    /// 华师 team of five that teaches the six "陈伟东等" sessions, and the four real scenes of section 三,
    /// each at its community as a teaching point. Only the team's lead is named in the seed; no one is invented.
    /// </summary>
    private static async Task SeedTimetableAsync(DbConnection c, DbTransaction tx, FixtureCohort co, long cohortId, long mentorUserId)
    {
        var chen = await InstructorStore.InsertAsync(c, tx, new NewInstructor("陈伟东", "教授", "华中师范大学", null, mentorUserId));
        var team = await InstructorStore.InsertTeamAsync(c, tx, new NewTeam("华师陈伟东教授团队", "华中师范大学", chen,
            co.ParticipantCategories.FirstOrDefault(p => p.Category == "teaching_team")?.Count, [chen]));
        await c.ExecuteAsync("""
            INSERT INTO session_instructors (session_id, team_id, sort_order)
            SELECT id, @team, 0 FROM sessions WHERE cohort_id = @cohortId AND instructors = '陈伟东等'
            """, new { team, cohortId }, tx);
        foreach (var scene in co.RealScenes ?? [])
        {
            var at = scene.IndexOf("社区", StringComparison.Ordinal);
            var pointName = at > 0 ? scene[..(at + 2)] : scene;
            var point = await c.ExecuteScalarAsync<long?>("SELECT id FROM teaching_points WHERE name = @pointName", new { pointName }, tx)
                ?? await TeachingPointStore.InsertAsync(c, tx, new NewTeachingPoint(pointName, null, null, null, null, null, null));
            await TeachingPointStore.InsertSceneAsync(c, tx, point, new NewScene(scene, null, null, null));
        }
    }

    public static IReadOnlyList<DemoAccount> Accounts()
    {
        var list = new List<DemoAccount>
        {
            new("admin", Role.Administrator, "系统管理员"),
            new("organizer", Role.Organizer, "鄂州市民政局 工作人员"),
            new("headteacher", Role.HeadTeacher, "班主任"),
            new("mentor", Role.Mentor, "授课专家"),
            new("expert", Role.Expert, "评审专家"),
        };
        list.AddRange(ContactUsernames.Select(kv => new DemoAccount(kv.Value, Role.UnitContact, kv.Key + " 联络员")));
        list.Add(new DemoAccount("t001 … t090", Role.Trainee, "学员"));
        list.Add(new DemoAccount(Seed001.Organizer, Role.Organizer, "上海市浦东新区惠南镇 工作人员（种子001 村主任工作坊）"));
        list.Add(new DemoAccount("hn01 … hn29", Role.Trainee, "惠南镇 村委会主任学员"));
        list.Add(new DemoAccount(Seed002.Organizer, Role.Organizer, "黄石市下陆区团城山街道 工作人员（种子002 书记沙龙）"));
        list.Add(new DemoAccount("tcs01 … tcs33", Role.Trainee, "团城山街道 社区书记及“两委”成员学员"));
        list.Add(new DemoAccount(Seed003.Organizer, Role.Organizer, "贵阳市观山湖区委党校 工作人员（种子003 课程开发与社区治理学校）"));
        list.Add(new DemoAccount(Seed003.HeadTeacher, Role.HeadTeacher, "观山湖区委党校社区治理学校第一期 班主任"));
        list.Add(new DemoAccount("panel-gsh1 … panel-gsh5", Role.Expert, "种子003 课程评审会评委（专家2、相关负责人2、社区工作者代表1）"));
        list.Add(new DemoAccount("gsh01 … gsh50", Role.Trainee, "观山湖区 社区工作者学员"));
        list.Add(new DemoAccount("mentor-tcs1 … mentor-tcs3", Role.Mentor, "种子002 方案评审导师（mentor-tcs3 属石榴园社区，须回避其方案）"));
        list.Add(new DemoAccount(Seed004.Organizer, Role.Organizer, "佛山市南海区桂城街道 工作人员（种子004 关爱专员社区治理先锋营）"));
        list.Add(new DemoAccount("gc01 … gc12", Role.Trainee, "桂城街道 关爱专员学员"));
        list.Add(new DemoAccount("mentor-gc1 … mentor-gc3", Role.Mentor, "种子004 实践任务评分导师"));
        return list;
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["建华", "丽娟", "志强", "秀英", "国平", "海燕", "文斌", "晓红", "俊杰", "春梅", "德明", "玉兰", "立新", "红霞", "家豪", "慧敏", "永胜", "雪梅"];

    /// <summary>Invented, deterministic names: the fixture has none, and real people must not appear in a demo.</summary>
    public static string InventedName(int i) => Surnames[i % Surnames.Length] + Given[(i * 7 + i / Surnames.Length) % Given.Length];

    public static string InventedPhone(int i) => $"1390711{i + 1:0000}";

    // The fixture's shape (../shared/fixtures/ezhou-2023-phase2.json).
    public sealed record Fixture(FixtureProgram Program, FixtureCohort Cohort, List<FixtureSession> Timetable, string City, List<FixtureDistrict> Districts);
    public sealed record FixtureProgram(string Name, string? Series);
    public sealed record FixtureCohort(string Title, int? Number, string? Theme, DateOnly Start, DateOnly End, string? Venue, string? Format,
        string Issuer, DateOnly? IssuedOn, string? TrainingProvider, FixtureContact? Contact, DateOnly? ReceiptDeadline,
        FixtureRules Rules, List<FixtureCategory> ParticipantCategories, List<string>? RealScenes);
    public sealed record FixtureContact(string Name, string Phone);
    public sealed record FixtureRules(bool Accommodation, List<string> Meals, bool LeaveAllowed, int ArriveMinutesBefore,
        bool SignInEverySession, string? UnauthorizedDeparture, bool BulletinAfterClass);
    public sealed record FixtureCategory(string Category, string Label, int Count);
    public sealed record FixtureSession(DateOnly Date, string Start, string End, string Title, string Type, List<string> Instructors);
    public sealed record FixtureDistrict(string Name, string Kind, int Total, string SubmittingUnit, List<FixtureQuota> Quotas);
    public sealed record FixtureQuota(string Unit, string Parent, string Kind, string Position, int Places, string? WrittenAs = null);
}

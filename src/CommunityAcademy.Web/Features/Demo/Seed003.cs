using System.Data.Common;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Features.Reviews;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 003 (../shared/seeds/003): 观山湖区委党校 signs a course-development agreement with 贵州民族大学; six courses are
/// developed (the three the seed names, three invented and marked <see cref="DemoClassKit.SampleMark"/>); a panel of five
/// (专家, 相关负责人, 社区工作者代表 — invented people) hears them as trial lectures, scores them on the sample rubric,
/// writes 修改意见; five are accepted, one after a revision checked by a panel expert; then 观山湖区委党校社区治理学校第一期
/// (50 invented trainees, 5 days, closed) is built from the library, with on-site teaching at 金元社区 and 观山社区 and a
/// head teacher. Under its own root (贵阳市 › 观山湖区). The seed's dates (1月12日, 3月7日, 3月22日) keep their distances
/// from the class's first day (<see cref="DemoSeeder.Seed003Days"/> after the seeding day), so the agreement, the meeting and the
/// revision lie in the past and the class ahead.
/// </summary>
public static class Seed003
{
    public const string Title = "观山湖区委党校社区治理学校第一期";
    public const string Organizer = "organizer-guanshanhu";
    public const string HeadTeacher = "headteacher-guanshanhu";
    public const string AgreementTitle = "社区工作者培训课程体系开发合作协议";
    public const string MeetingTitle = "社区治理学校课程评审会";
    public const string Partner = "贵州民族大学";
    public const string School = "观山湖区委党校";
    public const string JinyuanVisit = "现场教学：金元社区“大数据+服务治理”";

    /// <summary>The six courses: the seed's three, then three invented (marked); topic, format, 学时, instructors.</summary>
    public static readonly (string Title, string Topic, string Format, decimal Hours, string Instructors)[] Courses =
    [
        ("社区工作与社区工作者职业素养", "职业素养", "lecture", 3, "贵州民族大学课程团队"),
        ("社区社会组织培育与社区治理", "社会组织", "lecture", 3, "贵州民族大学课程团队"),
        ("社区服务体系建设与“三感社区”推动", "社区服务", "workshop", 3, "贵州民族大学课程团队"),
        ("党建引领基层社会治理" + DemoClassKit.SampleMark, "党建引领", "lecture", 3, "观山湖区委党校教师"),
        ("动员社会力量参与社区建设" + DemoClassKit.SampleMark, "社会动员", "workshop", 3, "贵州民族大学课程团队"),
        ("社区现场教学：“一引领四联动”与“三网融合”" + DemoClassKit.SampleMark, "现场教学", "onsite", 4, "观山社区、金元社区负责人"),
    ];

    /// <summary>The course decided “after revision” (and accepted once its second version was checked).</summary>
    public const int RevisedCourse = 1;

    /// <summary>The panel of five (invented, marked): user name, name, role on the panel, unit (null: none).</summary>
    public static readonly (string Username, string Name, PanelRole Role, string? Unit)[] Panel =
    [
        ("panel-gsh1", "评审专家甲（示例）", PanelRole.Expert, null),
        ("panel-gsh2", "评审专家乙（示例）", PanelRole.Expert, null),
        ("panel-gsh3", "区委组织部负责人（示例）", PanelRole.Official, "观山湖区"),
        ("panel-gsh4", "区民政局负责人（示例）", PanelRole.Official, "观山湖区"),
        ("panel-gsh5", "社区工作者代表（示例）", PanelRole.Worker, "观山社区"),
    ];

    private static readonly (string Street, string[] Communities)[] Places =
    [
        ("金阳街道", ["观山社区", "金元社区", "金阳社区" + DemoClassKit.SampleMark]),
        ("金华园街道", ["金铄社区", "华园社区" + DemoClassKit.SampleMark]),
        ("长岭街道", ["栖景湾社区", "长岭社区" + DemoClassKit.SampleMark]),
        ("观山街道", ["金海域社区", "观山湖社区" + DemoClassKit.SampleMark, "碧海社区" + DemoClassKit.SampleMark]),
    ];

    private static readonly string[] Opinions =
    [
        "教学目标清楚，建议多用观山湖区本地案例。", "贴近社区工作实际，互动环节可再增加。", "结构清晰，时间把控较好。",
        "理论部分偏多，建议压缩并增加分组讨论。", "方法新颖，学员参与度高。",
    ];

    /// <summary>Loads the agreement, courses, meeting and class; <paramref name="start"/> is the class's first day. Returns the class id.</summary>
    public static async Task<long> SeedAsync(DbConnection c, DbTransaction tx, DateOnly start, DateOnly today, DemoAccountMaker account, DateTimeOffset now)
    {
        const string zone = "Asia/Shanghai";
        var city = await DemoClassKit.UnitAsync(c, tx, "贵阳市", null, UnitKind.City);
        var district = await DemoClassKit.UnitAsync(c, tx, "观山湖区", city, UnitKind.District);
        var school = await DemoClassKit.UnitAsync(c, tx, School, district, UnitKind.Department);
        var partner = await DemoClassKit.UnitAsync(c, tx, Partner, city, UnitKind.Department);
        var communities = new List<long>();
        var unitIds = new Dictionary<string, long> { ["观山湖区"] = district };
        foreach (var (streetName, names) in Places)
        {
            var street = await DemoClassKit.UnitAsync(c, tx, streetName, district, UnitKind.Street);
            foreach (var n in names) communities.Add(unitIds[n] = await DemoClassKit.UnitAsync(c, tx, n, street, UnitKind.Community));
        }

        var organizer = await account(Organizer, "观山湖区委党校（演示）", Role.Organizer, school);
        var headTeacher = await account(HeadTeacher, "社区治理学校班主任（示例）", Role.HeadTeacher, school);
        var panel = new List<(long Id, PanelRole Role)>();
        foreach (var p in Panel) panel.Add((await account(p.Username, p.Name, Role.Expert, p.Unit is null ? null : unitIds[p.Unit]), p.Role));

        // 合作协议 (1月12日: 69 days before the first day, as in the seed)
        var signed = start.AddDays(-69);
        DateTimeOffset at(DateOnly d, int h, int m = 0) => Domain.Cohorts.ClassClock.ToInstant(d, new TimeOnly(h, m), zone);
        var agreement = await c.ExecuteScalarAsync<long>("""
            INSERT INTO course_agreements (owner_unit_id, partner_unit_id, title, signed_on, starts_on, ends_on, scope, created_at, created_by)
            VALUES (@school, @partner, @AgreementTitle, @signed, @signed, @ends, @scope, @created, @organizer) RETURNING id
            """, new { school, partner, AgreementTitle, signed, ends = signed.AddYears(1), organizer, created = at(signed, 10),
                scope = "合作开发基层社区工作者培训课程，开展示范性培训；编写具有观山湖区特色的社区工作手册（党建引领、政策文件、社区具体工作方法）。" }, tx);

        // 课程: version 1 written a month after signing
        var drafted = at(signed.AddDays(30), 10);
        var courseIds = new List<long>();
        foreach (var k in Courses)
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO courses (agreement_id, owner_unit_id, title, topic, status, current_version, created_at, created_by)
                VALUES (@agreement, @school, @Title, @Topic, 'draft', 1, @drafted, @organizer) RETURNING id
                """, new { agreement, school, k.Title, k.Topic, drafted, organizer }, tx);
            await c.ExecuteAsync("""
                INSERT INTO course_versions (course_id, number, body, created_by, created_at, updated_at) VALUES (@id, 1, @body, @organizer, @drafted, @drafted)
                """, new { id, body = CourseStore.WriteFields(Fields(k, 1)), organizer, drafted }, tx);
            courseIds.Add(id);
        }

        // 评审会 (3月7日: 15 days before the first day), six trial lectures of 40 minutes from 09:00
        var day = start.AddDays(-15);
        var rubric = CourseRules.SampleRubric();
        var meeting = await c.ExecuteScalarAsync<long>("""
            INSERT INTO course_meetings (owner_unit_id, title, place, starts_at, closes_at, closed_by_hand, rubric, created_at, created_by)
            VALUES (@school, @MeetingTitle, @place, @starts, @closes, @f, @rubric, @created, @organizer) RETURNING id
            """, new { school, MeetingTitle, place = School + DemoClassKit.SampleMark, starts = at(day, 9), closes = at(day, 17), f = false,
                rubric = ReviewJson.Rubric(rubric), created = at(day.AddDays(-7), 10), organizer }, tx);
        foreach (var (id, role) in panel)
            await c.ExecuteAsync("INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (@meeting, @id, @r)", new { meeting, id, r = role.ToString().ToLowerInvariant() }, tx);
        for (var i = 0; i < courseIds.Count; i++)
        {
            var starts = at(day, 9).AddMinutes(45 * i);
            var revise = i == RevisedCourse;
            var lecture = await c.ExecuteScalarAsync<long>("""
                INSERT INTO meeting_lectures (meeting_id, course_id, version_number, starts_at, ends_at, presenter, opinion, decision, checker_id, decided_at,
                    revision_checked_at, revision_version)
                VALUES (@meeting, @course, 1, @starts, @ends, @presenter, @opinion, @decision, @checker, @decided, @checkedAt, @revision) RETURNING id
                """, new { meeting, course = courseIds[i], starts, ends = starts.AddMinutes(40), presenter = Courses[i].Instructors,
                    opinion = revise ? "亮点：社会组织孵化的案例扎实。不足：理论部分偏多、与观山湖区实际结合不够。请压缩理论讲授，增加本地社会组织案例和分组讨论，调整教学流程。"
                        : "课程亮点突出，予以肯定；建议结合观山湖区社区实际进一步丰富案例。",
                    decision = revise ? "revise" : "accepted", checker = revise ? panel[0].Id : (long?)null, decided = at(day, 17),
                    checkedAt = revise ? at(day.AddDays(3), 15) : (DateTimeOffset?)null, revision = revise ? 2 : (int?)null }, tx);
            for (var p = 0; p < panel.Count; p++)
            {
                var values = rubric.Criteria.Select((cr, j) => (cr.Key, V: (decimal)(7 + (i + p + j) % 4 - (revise && j < 2 ? 2 : 0)))).ToDictionary(x => x.Key, x => x.V);
                var total = rubric.Total(values).Value;
                await c.ExecuteAsync("""
                    INSERT INTO meeting_scores (lecture_id, user_id, scores, total_x100, opinion, updated_at) VALUES (@lecture, @user, @scores, @x100, @opinion, @at)
                    """, new { lecture, user = panel[p].Id, scores = ReviewJson.Write(values), x100 = (long)Math.Round(total * 100), opinion = Opinions[(i + p) % Opinions.Length],
                        at = starts.AddMinutes(42 + p) }, tx);
            }
            // accepted: the version heard; the revised course: its second version, checked, then accepted by the organizer
            if (revise)
                await c.ExecuteAsync("""
                    INSERT INTO course_versions (course_id, number, body, note, created_by, created_at, updated_at) VALUES (@id, 2, @body, @note, @organizer, @at, @at)
                    """, new { id = courseIds[i], body = CourseStore.WriteFields(Fields(Courses[i], 2)), note = "按评审会修改意见：压缩理论讲授，增加本地社会组织案例和分组讨论。",
                        organizer, at = at(day.AddDays(2), 10) }, tx);
            await c.ExecuteAsync("UPDATE courses SET status = 'accepted', current_version = @v, accepted_version = @v WHERE id = @id",
                new { v = revise ? 2 : 1, id = courseIds[i] }, tx);
        }

        // 第一期: 50 trainees, 5 days, built from the library
        var deadline = today.AddDays(-1);
        var venue = "军创大厦教学基地" + DemoClassKit.SampleMark;
        var sessions = new List<NewSession> { new(start, "09:00", "10:00", "开班仪式暨揭牌", "opening_ceremony", "观山湖区委党校", venue) };
        var slots = new (int Day, string Start, string End)[] { (0, "10:15", "12:00"), (0, "14:30", "17:00"), (1, "09:00", "11:30"), (1, "14:30", "17:00"), (2, "09:00", "11:30"), (2, "14:00", "17:30") };
        for (var i = 0; i < Courses.Length; i++)
        {
            var k = Courses[i];
            sessions.Add(new(start.AddDays(slots[i].Day), slots[i].Start, slots[i].End, k.Title,
                k.Format switch { "onsite" => "on_site_teaching", "workshop" => "workshop", _ => "lecture" }, k.Instructors, k.Format == "onsite" ? null : venue));
        }
        sessions.Add(new(start.AddDays(3), "09:00", "12:00", "参观观山湖区新时代全面从严治党教育基地", "red_education", "观山湖区委党校", null));
        sessions.Add(new(start.AddDays(3), "14:30", "17:00", JinyuanVisit, "on_site_teaching", "金元社区负责人", null));
        sessions.Add(new(start.AddDays(4), "09:00", "11:30", "现场救护实操", "skills_drill", "省红十字会专家", venue));
        sessions.Add(new(start.AddDays(4), "14:30", "16:00", "结业", "closing", "观山湖区委党校", venue));
        var perCommunity = 50 / communities.Count;
        var quotas = communities.Select(u => new NewQuotaLine(u, "社区工作者", perCommunity)).ToList();
        var cohortId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            "观山湖区委党校社区治理学校", "社区工作者培训", Title, 1, "创新基层社会治理", start, start.AddDays(4), venue, "全封闭集中培训：红色教育、课堂学习、现场教学",
            zone, "中共贵阳市观山湖区委党校", today.AddDays(-14), null, null, deadline,
            Accommodation: true, Meals: ["breakfast", "lunch", "dinner"], LeaveAllowed: false, ArriveMinutesBefore: 10, SignInEverySession: true,
            FullTimeRelease: true, UnauthorizedDeparture: null, BulletinAfterClass: false,
            Hosts: [("sponsor", "中共贵阳市观山湖区委党校"), ("provider", Partner)],
            Categories: [("trainee", "全区社区工作者", 50)],
            sessions, quotas, [(district, school)]));
        await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = @school, trainee_description = @trainees WHERE id = @cohortId",
            new { cohortId, school, trainees = "观山湖区各社区的社区工作者50名。" + DemoClassKit.SampleTrainees }, tx);
        await CohortStaff.AddAsync(c, tx, cohortId, headTeacher, Role.HeadTeacher, now);

        var ids = await DemoClassKit.SessionsAsync(c, tx, cohortId);
        for (var i = 0; i < Courses.Length; i++)
        {
            var sid = ids[Courses[i].Title];
            await c.ExecuteAsync("UPDATE sessions SET study_hours = @h WHERE id = @sid", new { h = Courses[i].Hours, sid }, tx);
            await c.ExecuteAsync("INSERT INTO session_courses (session_id, course_id, version_number) VALUES (@sid, @course, @v)",
                new { sid, course = courseIds[i], v = i == RevisedCourse ? 2 : 1 }, tx);
        }
        var onsite = ids[Courses[5].Title];
        await DemoClassKit.PlaceAsync(c, tx, onsite, "观山社区", "“一引领四联动”联合党支部");
        await DemoClassKit.PlaceAsync(c, tx, ids[JinyuanVisit], "金元社区", "“三网融合”党群服务中心");

        var trainees = new List<DemoTrainee>();
        for (var u = 0; u < communities.Count; u++)
            for (var p = 0; p < perCommunity; p++)
            {
                var i = trainees.Count;
                var (name, gender) = DemoClassKit.InventedPerson(i, 3);
                trainees.Add(new DemoTrainee($"gsh{i + 1:00}", name, gender, communities[u], "社区工作者", $"1390851{i + 1:0000}"));
            }
        await DemoClassKit.EnrollAsync(c, tx, cohortId, district, organizer, deadline, trainees, account, now);
        return cohortId;
    }

    private static CourseFields Fields((string Title, string Topic, string Format, decimal Hours, string Instructors) k, int version) =>
        new(k.Title, k.Topic,
            "社区工作者理论专业知识有待提高，社区的好做法缺乏交流、探讨平台。",
            k.Title,
            version == 1 ? "理解本课题的基本概念与政策要求，掌握可用于社区工作的方法。" : "理解本课题的基本概念与政策要求，能用本地案例说明并在分组讨论中设计行动方案。",
            version == 1 ? "导入（10分钟）—讲授（60分钟）—案例（30分钟）—总结（20分钟）" : "导入（10分钟）—讲授（35分钟）—观山湖区社会组织案例（30分钟）—分组讨论（35分钟）—总结（10分钟）",
            "观山湖区社区工作者", (int)(k.Hours * 40), k.Hours, k.Format, k.Format == "workshop" ? "分组研讨" : null, k.Instructors);
}

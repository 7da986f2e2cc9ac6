using System.Data.Common;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Timetable;
using CommunityAcademy.Web.Features.Units;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>Creates a demo account in the seeding transaction: user name, display name, role, unit, phone → id.</summary>
public delegate Task<long> DemoAccountMaker(string username, string name, string role, long? unitId, string? phone = null);

/// <summary>An invented trainee of seeds 001 and 002: the unit, the position and the person.</summary>
public sealed record DemoTrainee(string Username, string Name, string Gender, long UnitId, string Position, string Phone);

/// <summary>
/// What seeds 001 and 002 share: their unit chains, the marker of invented units, invented people with a gender, and a
/// class's roster as one receipt typed in by its organizer and then locked (the way seed 000's came in).
/// </summary>
public static class DemoClassKit
{
    /// <summary>
    /// The mark every invented unit carries in its name, so every page, list and document shows it: the seeds name
    /// only a few villages and communities, the rest are made up to reach their headcounts.
    /// </summary>
    public const string SampleMark = "（示例）";

    /// <summary>The sentence on an invented class's trainees (its 参训对象, printed in the notice).</summary>
    public const string SampleTrainees = "学员姓名、电话为虚构的示例数据；标注“（示例）”的单位为示例单位。";

    /// <summary>
    /// Inserts <paramref name="name"/> of <paramref name="kind"/> under <paramref name="parent"/> unless it is there. The kind
    /// is given, not inferred: 浦东新区 is a district although its name reads like a zone's (新区).
    /// </summary>
    public static async Task<long> UnitAsync(DbConnection c, DbTransaction tx, string name, long? parent, UnitKind kind)
    {
        var found = await c.ExecuteScalarAsync<long?>(
            "SELECT id FROM units WHERE name = @name AND " + (parent is null ? "parent_id IS NULL" : "parent_id = @parent"), new { name, parent }, tx);
        return found ?? await UnitStore.InsertAsync(c, tx, new NewUnit(name, kind, parent));
    }

    private static readonly string[] Surnames = ["沈", "顾", "陆", "张", "王", "朱", "唐", "倪", "周", "姚", "杜", "邱", "费", "潘", "乔", "施", "汤", "叶", "金", "孔", "曹", "严", "鲍", "蔡"];
    private static readonly string[] Men = ["卫东", "建国", "国强", "志华", "振宇", "明辉", "勇", "伟民", "海涛", "正平", "永康", "晓东", "荣生", "学军"];
    private static readonly string[] Women = ["美华", "春燕", "丽萍", "晓霞", "静", "凤英", "慧芳", "雪芬", "红梅", "佩玲", "月琴", "晓燕"];

    /// <summary>
    /// Invented, deterministic people (as seed 000's trainees, <see cref="DemoSeeder.InventedName"/>): no real person
    /// appears in a demo. Every third one a woman, so a class is mixed; <paramref name="salt"/> keeps two classes apart.
    /// No two of the first 48 of a class share a name: the surnames differ within 24, and 24 apart the given names do.
    /// </summary>
    public static (string Name, string Gender) InventedPerson(int i, int salt)
    {
        var woman = (i + salt) % 3 == 1;
        var names = woman ? Women : Men;
        return (Surnames[(i * 5 + salt) % Surnames.Length] + names[(i + i / Surnames.Length + salt) % names.Length], woman ? "女" : "男");
    }

    /// <summary>
    /// The class's trainees as its organizer typed them in before the deadline (one receipt for the whole scope), each with
    /// an account and an enrollment, and the roster locked at the deadline's end.
    /// </summary>
    public static async Task EnrollAsync(DbConnection c, DbTransaction tx, long cohortId, long scopeUnitId, long organizerId,
        DateOnly deadline, IReadOnlyList<DemoTrainee> trainees, DemoAccountMaker account, DateTimeOffset now)
    {
        var receiptId = await c.ExecuteScalarAsync<long>("""
            INSERT INTO receipts (cohort_id, scope_unit_id, submitted_by, submitted_at, source, file_name, row_count, late, is_current)
            VALUES (@cohortId, @scopeUnitId, @organizerId, @at, 'form', NULL, @count, FALSE, TRUE) RETURNING id
            """, new { cohortId, scopeUnitId, organizerId, count = trainees.Count,
                at = Domain.Cohorts.ClassClock.ToInstant(deadline.AddDays(-1), new TimeOnly(10, 0), "Asia/Shanghai") }, tx);
        for (var k = 0; k < trainees.Count; k++)
        {
            var t = trainees[k];
            var rowId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO receipt_rows (receipt_id, row_number, unit_id, name, position, phone, phone_key, gender)
                VALUES (@receiptId, @row, @UnitId, @Name, @Position, @Phone, @Phone, @Gender) RETURNING id
                """, new { receiptId, row = k + 1, t.UnitId, t.Name, t.Position, t.Phone, t.Gender }, tx);
            var userId = await account(t.Username, t.Name, Domain.Accounts.Role.Trainee, t.UnitId, t.Phone);
            await c.ExecuteAsync("""
                INSERT INTO enrollments (cohort_id, user_id, category, name, unit_id, position, phone, phone_key, gender, receipt_row_id, status, created_at)
                VALUES (@cohortId, @userId, 'trainee', @Name, @UnitId, @Position, @Phone, @Phone, @Gender, @rowId, 'active', @now)
                """, new { cohortId, userId, t.Name, t.UnitId, t.Position, t.Phone, t.Gender, rowId, now }, tx);
        }
        await c.ExecuteAsync("UPDATE cohorts SET roster_locked_at = @at WHERE id = @cohortId",
            new { cohortId, at = Domain.Enrollment.RosterRules.DeadlineEnd(deadline, "Asia/Shanghai") }, tx);
    }

    /// <summary>A session's workshop method (a <c>workshop_methods.code</c>) and its note (案例材料).</summary>
    public static Task DescribeAsync(DbConnection c, DbTransaction tx, long sessionId, string? method, string? material) =>
        c.ExecuteAsync("UPDATE sessions SET workshop_method = @method, material = @material WHERE id = @sessionId", new { sessionId, method, material }, tx);

    /// <summary>The class's sessions by title, in timetable order.</summary>
    public static async Task<Dictionary<string, long>> SessionsAsync(DbConnection c, DbTransaction tx, long cohortId) =>
        (await c.QueryAsync<(string Title, long Id)>("SELECT title, id FROM sessions WHERE cohort_id = @cohortId", new { cohortId }, tx))
        .ToDictionary(x => x.Title, x => x.Id);

    /// <summary>A named instructor (their organisation as the seed gives it) on a session.</summary>
    public static async Task TeachAsync(DbConnection c, DbTransaction tx, long sessionId, NewInstructor who)
    {
        var id = await c.ExecuteScalarAsync<long?>("SELECT id FROM instructors WHERE name = @Name AND COALESCE(organisation, '') = COALESCE(@Organisation, '')", who, tx)
            ?? await InstructorStore.InsertAsync(c, tx, who);
        await c.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@sessionId, @id, 0)", new { sessionId, id }, tx);
    }

    /// <summary>A session at a teaching point's scene (the point and the scene created when new).</summary>
    public static async Task PlaceAsync(DbConnection c, DbTransaction tx, long sessionId, string point, string scene)
    {
        var pointId = await c.ExecuteScalarAsync<long?>("SELECT id FROM teaching_points WHERE name = @point", new { point }, tx)
            ?? await TeachingPointStore.InsertAsync(c, tx, new NewTeachingPoint(point, null, null, null, null, null, null));
        var sceneId = await c.ExecuteScalarAsync<long?>("SELECT id FROM scenes WHERE teaching_point_id = @pointId AND name = @scene", new { pointId, scene }, tx)
            ?? await TeachingPointStore.InsertSceneAsync(c, tx, pointId, new NewScene(scene, null, null, null));
        await c.ExecuteAsync("UPDATE sessions SET teaching_point_id = @pointId, scene_id = @sceneId WHERE id = @sessionId", new { sessionId, pointId, sceneId }, tx);
    }
}

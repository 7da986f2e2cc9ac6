using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>A class's grouping (分组): its kind, the session it belongs to (null: the class), how many groups and people.</summary>
public sealed record GroupingDto(long Id, long CohortId, long? SessionId, string Kind, string Name, DateTimeOffset CreatedAt, int Groups, int Members);
public sealed record GroupMemberDto(long EnrollmentId, string Name, string? Unit, string? Gender);
public sealed record GroupMentorDto(long UserId, string Username, string DisplayName);
/// <summary>A group (小组; a café's table: Host and Question). Members in name order.</summary>
public sealed record GroupDto(long Id, string Name, int SortOrder, long? LeaderEnrollmentId, string? LeaderName, long? HostEnrollmentId,
    string? HostName, string? Place, string? Question, IReadOnlyList<GroupMentorDto> Mentors, IReadOnlyList<GroupMemberDto> Members);
/// <summary>A grouping with its groups and the class's active trainees in none of them.</summary>
public sealed record GroupingDetailDto(GroupingDto Grouping, IReadOnlyList<GroupDto> Groups, IReadOnlyList<GroupMemberDto> Unplaced);
/// <summary>What a trainee sees of one of their groups.</summary>
public sealed record MyGroupDto(string Grouping, string Kind, string Group, string? Place, string? Question, string? Leader, string? Host,
    IReadOnlyList<string> Mentors, IReadOnlyList<string> Others);

/// <summary>A session a grouping may belong to (a World Café's evening).</summary>
public sealed record SessionChoice(long Id, string Label);

/// <summary>A new grouping: kind, name, optional session (a café's tables), and how to form it.</summary>
public sealed record NewGrouping(string Kind, string Name, long? SessionId, FormingMethod Method, int Count);

/// <summary>
/// 分组 and 小组 of a class (#16 point 1). Forming (<see cref="GroupForming"/>) takes the class's active trainees; forming
/// an existing grouping again replaces its groups (the pages ask first). Every change is audited.
/// </summary>
public sealed class GroupStore(Db db, UnitStore units, CohortStaff staff, Texts texts, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Kinds = ["working", "cafe_tables", "teams", "other"];
    public const int MaxName = 100;

    public async Task<IReadOnlyList<GroupingDto>> ListAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<GroupingRow>("""
            SELECT g.id, g.cohort_id, g.session_id, g.kind, g.name, g.created_at,
                   (SELECT COUNT(*) FROM groups x WHERE x.grouping_id = g.id) AS group_count,
                   (SELECT COUNT(*) FROM group_members m WHERE m.grouping_id = g.id) AS member_count
            FROM groupings g WHERE g.cohort_id = @cohortId ORDER BY CASE WHEN g.kind = 'working' THEN 0 ELSE 1 END, g.id
            """, new { cohortId })).Select(r => r.ToDto()).ToList();
    }

    /// <summary>The class's sessions not cancelled, for a grouping of one session.</summary>
    public async Task<IReadOnlyList<SessionChoice>> SessionsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<SessionRow>("""
            SELECT id, session_date, start_time, title FROM sessions WHERE cohort_id = @cohortId AND cancelled_at IS NULL ORDER BY starts_at, id
            """, new { cohortId })).Select(s => new SessionChoice(s.Id, $"{s.SessionDate:yyyy-MM-dd} {s.StartTime} {s.Title}")).ToList();
    }

    /// <summary>The grouping with its groups; null when it is not one of the class's.</summary>
    public async Task<GroupingDetailDto?> GetAsync(long cohortId, long groupingId)
    {
        await using var c = await db.OpenAsync();
        var g = await c.QuerySingleOrDefaultAsync<GroupingRow>("""
            SELECT g.id, g.cohort_id, g.session_id, g.kind, g.name, g.created_at,
                   (SELECT COUNT(*) FROM groups x WHERE x.grouping_id = g.id) AS group_count,
                   (SELECT COUNT(*) FROM group_members m WHERE m.grouping_id = g.id) AS member_count
            FROM groupings g WHERE g.id = @groupingId AND g.cohort_id = @cohortId
            """, new { cohortId, groupingId });
        if (g is null) return null;
        var people = (await c.QueryAsync<PersonRow>("""
            SELECT e.id, e.name, un.name AS unit, e.gender FROM enrollments e LEFT JOIN units un ON un.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active' ORDER BY e.name, e.id
            """, new { cohortId })).ToList();
        var all = people.ToDictionary(p => p.Id, p => new GroupMemberDto(p.Id, p.Name, p.Unit, p.Gender));
        var groups = (await c.QueryAsync<GroupRow>("""
            SELECT id, name, sort_order, leader_enrollment_id, host_enrollment_id, place, question FROM groups
            WHERE grouping_id = @groupingId ORDER BY sort_order, id
            """, new { groupingId })).ToList();
        var members = (await c.QueryAsync<(long GroupId, long EnrollmentId, string Name, string? Unit, string? Gender)>("""
            SELECT m.group_id, e.id, e.name, un.name, e.gender FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id
            LEFT JOIN units un ON un.id = e.unit_id WHERE m.grouping_id = @groupingId ORDER BY e.name, e.id
            """, new { groupingId })).ToList();
        var mentors = (await c.QueryAsync<(long GroupId, long UserId, string Username, string DisplayName)>("""
            SELECT gm.group_id, u.id, u.username, u.display_name FROM group_mentors gm JOIN users u ON u.id = gm.user_id
            JOIN groups x ON x.id = gm.group_id WHERE x.grouping_id = @groupingId ORDER BY u.display_name, u.id
            """, new { groupingId })).ToList();
        var names = members.ToDictionary(m => m.EnrollmentId, m => m.Name);
        var dtos = groups.Select(x => new GroupDto(x.Id, x.Name, x.SortOrder,
            x.LeaderEnrollmentId, x.LeaderEnrollmentId is { } l ? names.GetValueOrDefault(l) : null,
            x.HostEnrollmentId, x.HostEnrollmentId is { } h ? names.GetValueOrDefault(h) : null, x.Place, x.Question,
            mentors.Where(m => m.GroupId == x.Id).Select(m => new GroupMentorDto(m.UserId, m.Username, m.DisplayName)).ToList(),
            members.Where(m => m.GroupId == x.Id).Select(m => new GroupMemberDto(m.EnrollmentId, m.Name, m.Unit, m.Gender)).ToList())).ToList();
        var placed = members.Select(m => m.EnrollmentId).ToHashSet();
        return new GroupingDetailDto(g.ToDto(), dtos, all.Values.Where(p => !placed.Contains(p.EnrollmentId)).ToList());
    }

    /// <summary>Creates a grouping and forms it. Errors: Groups.* (bad kind, name, session, a second working grouping, forming's own).</summary>
    public async Task<Result<long>> CreateAsync(CurrentUser me, long cohortId, NewGrouping n)
    {
        var name = n.Name.Trim();
        if (!Kinds.Contains(n.Kind)) return new Error("Groups.BadKind", n.Kind);
        if (name.Length is 0 or > MaxName) return new Error("Groups.NameRequired", MaxName);
        var formed = await FormAsync(cohortId, n.Method, n.Count);
        if (!formed.IsOk) return formed.Error!;
        var now = Instant.Truncate(clock.GetUtcNow());
        try { return await InsertAsync(); }
        catch (DbException) when (n.Kind == "working") { return new Error("Groups.WorkingExists"); } // two at once: the unique index decides

        Task<Result<long>> InsertAsync() => db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (n.SessionId is { } s && await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM sessions WHERE id = @s", new { s }, tx) != cohortId)
                return new Error("Groups.UnknownSession", s);
            if (n.Kind == "working" && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM groupings WHERE cohort_id = @cohortId AND kind = 'working'", new { cohortId }, tx) > 0)
                return new Error("Groups.WorkingExists");
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO groupings (cohort_id, session_id, kind, name, created_at, created_by)
                VALUES (@cohortId, @session, @kind, @name, @now, @by) RETURNING id
                """, new { cohortId, session = n.Kind == "working" ? null : n.SessionId, kind = n.Kind, name, now, by = me.Id }, tx);
            await InsertGroupsAsync(c, tx, id, formed.Value!);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", id, "groups.create", null, $"{n.Kind}:{n.Method.Code()}:{formed.Value!.Count}");
            return Result<long>.Ok(id);
        });
    }

    /// <summary>Forms an existing grouping again: its groups (members, leaders, mentors) are replaced. The caller asked first.</summary>
    public async Task<Result<int>> ReformAsync(CurrentUser me, long cohortId, long groupingId, FormingMethod method, int count)
    {
        var formed = await FormAsync(cohortId, method, count);
        if (!formed.IsOk) return formed.Error!;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            if (!await IsInCohortAsync(c, tx, cohortId, groupingId)) return new Error("Groups.UnknownGrouping", groupingId);
            var before = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM group_members WHERE grouping_id = @groupingId", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM group_members WHERE grouping_id = @groupingId", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM group_mentors WHERE group_id IN (SELECT id FROM groups WHERE grouping_id = @groupingId)", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM groups WHERE grouping_id = @groupingId", new { groupingId }, tx);
            await InsertGroupsAsync(c, tx, groupingId, formed.Value!);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", groupingId, "groups.reform", $"{before} members", $"{method.Code()}:{formed.Value!.Count}");
            return Result<int>.Ok(formed.Value!.Count);
        });
    }

    /// <summary>Deletes a grouping with its groups. False when it is not the class's.</summary>
    public async Task<bool> DeleteAsync(CurrentUser me, long cohortId, long groupingId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            if (!await IsInCohortAsync(c, tx, cohortId, groupingId)) return false;
            var name = await c.ExecuteScalarAsync<string>("SELECT name FROM groupings WHERE id = @groupingId", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM group_members WHERE grouping_id = @groupingId", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM group_mentors WHERE group_id IN (SELECT id FROM groups WHERE grouping_id = @groupingId)", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM groups WHERE grouping_id = @groupingId", new { groupingId }, tx);
            await c.ExecuteAsync("DELETE FROM groupings WHERE id = @groupingId", new { groupingId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", groupingId, "groups.delete", name);
            return true;
        });
    }

    /// <summary>
    /// Moves people into a group of the grouping (null: out of every group). Everyone must be an active trainee of the
    /// class; a leader or host who leaves their group stops being its leader or host. Returns how many moved.
    /// </summary>
    public async Task<Result<int>> MoveAsync(CurrentUser me, long cohortId, long groupingId, IReadOnlyCollection<long> enrollmentIds, long? toGroupId)
    {
        if (enrollmentIds.Count == 0) return new Error("Groups.NobodyChosen");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            if (!await IsInCohortAsync(c, tx, cohortId, groupingId)) return new Error("Groups.UnknownGrouping", groupingId);
            if (toGroupId is { } t && await c.ExecuteScalarAsync<long?>("SELECT grouping_id FROM groups WHERE id = @t", new { t }, tx) != groupingId)
                return new Error("Groups.UnknownGroup", t);
            var ids = enrollmentIds.Distinct().ToArray();
            var known = (await c.QueryAsync<long>("""
                SELECT id FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active'
                """, new { cohortId }, tx)).ToHashSet();
            if (ids.FirstOrDefault(i => !known.Contains(i)) is var unknown and not 0) return new Error("Groups.UnknownPerson", unknown);
            var moved = 0;
            foreach (var e in ids)
            {
                var from = await c.ExecuteScalarAsync<long?>("SELECT group_id FROM group_members WHERE grouping_id = @groupingId AND enrollment_id = @e", new { groupingId, e }, tx);
                if (from == toGroupId) continue;
                if (from is { } f)
                {
                    await c.ExecuteAsync("DELETE FROM group_members WHERE grouping_id = @groupingId AND enrollment_id = @e", new { groupingId, e }, tx);
                    await c.ExecuteAsync("UPDATE groups SET leader_enrollment_id = NULL WHERE id = @f AND leader_enrollment_id = @e", new { f, e }, tx);
                    await c.ExecuteAsync("UPDATE groups SET host_enrollment_id = NULL WHERE id = @f AND host_enrollment_id = @e", new { f, e }, tx);
                }
                if (toGroupId is { } to)
                    await c.ExecuteAsync("INSERT INTO group_members (group_id, grouping_id, enrollment_id) VALUES (@to, @groupingId, @e)", new { to, groupingId, e }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "grouping", groupingId, "groups.move", from?.ToString(), $"{e}→{toGroupId?.ToString() ?? "-"}");
                moved++;
            }
            return Result<int>.Ok(moved);
        });
    }

    /// <summary>Changes a group's name, place, question, leader and host (both must be its members, or null).</summary>
    public async Task<Result<bool>> UpdateGroupAsync(CurrentUser me, long cohortId, long groupingId, long groupId, string? name, string? place,
        string? question, long? leader, long? host)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > MaxName) return new Error("Groups.NameRequired", MaxName);
        if ((place?.Length ?? 0) > 200 || (question?.Length ?? 0) > 500) return new Error("Groups.TooLong");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (!await IsInCohortAsync(c, tx, cohortId, groupingId)
                || await c.ExecuteScalarAsync<long?>("SELECT grouping_id FROM groups WHERE id = @groupId", new { groupId }, tx) != groupingId)
                return new Error("Groups.UnknownGroup", groupId);
            foreach (var who in new[] { leader, host })
                if (who is { } e && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM group_members WHERE group_id = @groupId AND enrollment_id = @e", new { groupId, e }, tx) == 0)
                    return new Error("Groups.LeaderNotMember");
            await c.ExecuteAsync("""
                UPDATE groups SET name = @name, place = @place, question = @question, leader_enrollment_id = @leader, host_enrollment_id = @host
                WHERE id = @groupId
                """, new { name, place = Blank(place), question = Blank(question), leader, host, groupId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "group", groupId, "groups.edit", null, $"{name}|{Blank(place)}|{leader}");
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Adds an empty group at the end of the grouping.</summary>
    public async Task<Result<long>> AddGroupAsync(CurrentUser me, long cohortId, long groupingId, string? name)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > MaxName) return new Error("Groups.NameRequired", MaxName);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (!await IsInCohortAsync(c, tx, cohortId, groupingId)) return new Error("Groups.UnknownGrouping", groupingId);
            var order = await c.ExecuteScalarAsync<int?>("SELECT MAX(sort_order) FROM groups WHERE grouping_id = @groupingId", new { groupingId }, tx) ?? 0;
            var id = await c.ExecuteScalarAsync<long>("INSERT INTO groups (grouping_id, name, sort_order) VALUES (@groupingId, @name, @order) RETURNING id",
                new { groupingId, name, order = order + 1 }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", groupingId, "groups.add", null, name);
            return Result<long>.Ok(id);
        });
    }

    /// <summary>
    /// Makes an account a mentor (导师) of a group. The account must hold the mentor role; it is put on the class as a
    /// mentor (cohort_staff, <see cref="CohortStaff"/>), so it sees the class.
    /// </summary>
    public async Task<Result<bool>> AddMentorAsync(CurrentUser me, long cohortId, long groupingId, long groupId, string? username)
    {
        if (string.IsNullOrWhiteSpace(username)) return new Error("Groups.MentorRequired");
        if (!await GroupIsInAsync(cohortId, groupingId, groupId)) return new Error("Groups.UnknownGroup", groupId);
        var placed = await staff.AddAsync(me, cohortId, username, Domain.Accounts.Role.Mentor);
        if (!placed.IsOk) return placed.Error!;
        var userId = placed.Value!.UserId;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM group_mentors WHERE group_id = @groupId AND user_id = @userId", new { groupId, userId }, tx) == 0)
            {
                await c.ExecuteAsync("INSERT INTO group_mentors (group_id, user_id) VALUES (@groupId, @userId)", new { groupId, userId }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "group", groupId, "groups.mentor.add", null, placed.Value.Username);
            }
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Takes a mentor off a group (they stay on the class's staff until an organizer removes them there).</summary>
    public async Task<bool> RemoveMentorAsync(CurrentUser me, long cohortId, long groupingId, long groupId, long userId)
    {
        if (!await GroupIsInAsync(cohortId, groupingId, groupId)) return false;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("DELETE FROM group_mentors WHERE group_id = @groupId AND user_id = @userId", new { groupId, userId }, tx);
            if (n > 0) await Audit.WriteAsync(c, tx, me.Id, now, "group", groupId, "groups.mentor.remove", userId.ToString());
            return n > 0;
        });
    }

    /// <summary>My groups in a class (every grouping I am placed in), with the other members' names only.</summary>
    public async Task<IReadOnlyList<MyGroupDto>> MineAsync(long cohortId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        var mine = (await c.QueryAsync<(long GroupId, string Grouping, string Kind, string Name, string? Place, string? Question, long? Leader, long? Host)>("""
            SELECT x.id, g.name, g.kind, x.name, x.place, x.question, x.leader_enrollment_id, x.host_enrollment_id
            FROM group_members m JOIN groups x ON x.id = m.group_id JOIN groupings g ON g.id = m.grouping_id
            WHERE m.enrollment_id = @enrollmentId AND g.cohort_id = @cohortId
            ORDER BY CASE WHEN g.kind = 'working' THEN 0 ELSE 1 END, g.id
            """, new { enrollmentId, cohortId })).ToList();
        var list = new List<MyGroupDto>();
        foreach (var g in mine)
        {
            var people = (await c.QueryAsync<(long Id, string Name)>("""
                SELECT e.id, e.name FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id WHERE m.group_id = @id ORDER BY e.name, e.id
                """, new { id = g.GroupId })).ToList();
            var mentors = (await c.QueryAsync<string>("""
                SELECT u.display_name FROM group_mentors gm JOIN users u ON u.id = gm.user_id WHERE gm.group_id = @id ORDER BY u.display_name
                """, new { id = g.GroupId })).ToList();
            string? NameOf(long? e) => e is { } v ? people.FirstOrDefault(p => p.Id == v).Name : null;
            list.Add(new MyGroupDto(g.Grouping, g.Kind, g.Name, g.Place, g.Question, NameOf(g.Leader), NameOf(g.Host), mentors,
                people.Where(p => p.Id != enrollmentId).Select(p => p.Name).ToList()));
        }
        return list;
    }

    /// <summary>替换: the substitute takes the replaced person's places in every group (and leadership, a table's host), in the substitution's transaction.</summary>
    public static async Task HandOverAsync(DbConnection c, DbTransaction tx, long oldEnrollmentId, long newEnrollmentId)
    {
        var p = new { oldEnrollmentId, newEnrollmentId };
        await c.ExecuteAsync("UPDATE group_members SET enrollment_id = @newEnrollmentId WHERE enrollment_id = @oldEnrollmentId", p, tx);
        await c.ExecuteAsync("UPDATE groups SET leader_enrollment_id = @newEnrollmentId WHERE leader_enrollment_id = @oldEnrollmentId", p, tx);
        await c.ExecuteAsync("UPDATE groups SET host_enrollment_id = @newEnrollmentId WHERE host_enrollment_id = @oldEnrollmentId", p, tx);
        // and their World Café seats and place among its participants (#16 point 2)
        await c.ExecuteAsync("UPDATE cafe_seats SET enrollment_id = @newEnrollmentId WHERE enrollment_id = @oldEnrollmentId", p, tx);
        await c.ExecuteAsync("UPDATE cafe_participants SET enrollment_id = @newEnrollmentId WHERE enrollment_id = @oldEnrollmentId", p, tx);
    }

    /// <summary>Forms groups from the class's active trainees (in unit-tree order), named as the method names them.</summary>
    private async Task<Result<IReadOnlyList<(string Name, IReadOnlyList<long> Members)>>> FormAsync(long cohortId, FormingMethod method, int count)
    {
        var tree = await units.TreeAsync();
        IReadOnlyList<FormingPerson> people = [];
        if (method != FormingMethod.ByHand)
        {
            await using var c = await db.OpenAsync();
            var rows = (await c.QueryAsync<(long Id, long? UnitId, string? Gender)>("""
                SELECT id, unit_id, gender FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active' ORDER BY id
                """, new { cohortId })).ToList();
            var order = tree.InOrder().Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i);
            people = rows.OrderBy(r => r.UnitId is { } u && order.TryGetValue(u, out var i) ? i : int.MaxValue).ThenBy(r => r.Id)
                .Select(r => new FormingPerson(r.Id, r.UnitId, r.UnitId is { } u ? tree.DistrictOf(u)?.Id : null, string.IsNullOrWhiteSpace(r.Gender) ? null : r.Gender.Trim()))
                .ToList();
        }
        var formed = GroupForming.Form(method, people, count);
        if (!formed.IsOk) return formed.Error!;
        return Result<IReadOnlyList<(string, IReadOnlyList<long>)>>.Ok(formed.Value!.Select((g, i) => (
            method == FormingMethod.ByUnit
                ? g.UnitId is { } u && tree.Find(u) is { } node ? node.Name : texts["Groups.NoUnit"]
                : texts["Groups.DefaultName", i + 1],
            g.Members)).ToList());
    }

    private static async Task InsertGroupsAsync(DbConnection c, DbTransaction tx, long groupingId, IReadOnlyList<(string Name, IReadOnlyList<long> Members)> groups)
    {
        for (var i = 0; i < groups.Count; i++)
        {
            var gid = await c.ExecuteScalarAsync<long>("INSERT INTO groups (grouping_id, name, sort_order) VALUES (@groupingId, @name, @i) RETURNING id",
                new { groupingId, name = groups[i].Name, i = i + 1 }, tx);
            foreach (var e in groups[i].Members)
                await c.ExecuteAsync("INSERT INTO group_members (group_id, grouping_id, enrollment_id) VALUES (@gid, @groupingId, @e)", new { gid, groupingId, e }, tx);
        }
    }

    private static async Task<bool> IsInCohortAsync(DbConnection c, DbTransaction tx, long cohortId, long groupingId) =>
        await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM groupings WHERE id = @groupingId", new { groupingId }, tx) == cohortId;

    private async Task<bool> GroupIsInAsync(long cohortId, long groupingId, long groupId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM groups x JOIN groupings g ON g.id = x.grouping_id WHERE x.id = @groupId AND g.id = @groupingId AND g.cohort_id = @cohortId
            """, new { groupId, groupingId, cohortId }) > 0;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class GroupingRow
    {
        public long Id { get; init; }
        public long CohortId { get; init; }
        public long? SessionId { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public long GroupCount { get; init; }
        public long MemberCount { get; init; }
        public GroupingDto ToDto() => new(Id, CohortId, SessionId, Kind, Name, CreatedAt, (int)GroupCount, (int)MemberCount);
    }

    private sealed class GroupRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public int SortOrder { get; init; }
        public long? LeaderEnrollmentId { get; init; }
        public long? HostEnrollmentId { get; init; }
        public string? Place { get; init; }
        public string? Question { get; init; }
    }

    private sealed class SessionRow
    {
        public long Id { get; init; }
        public DateOnly SessionDate { get; init; }
        public string StartTime { get; init; } = "";
        public string Title { get; init; } = "";
    }

    private sealed class PersonRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string? Unit { get; init; }
        public string? Gender { get; init; }
    }
}

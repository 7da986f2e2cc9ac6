using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>A café's table: its number (1-based), question, host (who stays) and place.</summary>
public sealed record CafeTableDto(long Id, int Number, string Name, string? Question, long? HostId, string? HostName, string? Place);
/// <summary>A trainee of the class and their part in the café: present, late, absent, or out (not taking part).</summary>
public sealed record CafePersonDto(long EnrollmentId, string Name, string? Unit, string Status);
/// <summary>
/// A World Café (世界咖啡) of one session. Plan[r][t] are the enrollment ids at table t in round r+1 (the host first);
/// empty before generation. Figures and Bounds are measured from the stored plan (null without one). PlanOutdated: the
/// rounds not yet played seat someone absent or miss someone present (regenerate them).
/// </summary>
public sealed record CafeDto(long GroupingId, long CohortId, long SessionId, string SessionTitle, int Rounds, int RoundMinutes, int Seed,
    int PlayedRounds, bool EditedByHand, DateTimeOffset? GeneratedAt, int? CurrentRound, DateTimeOffset? RoundStartedAt, int? PausedLeftSeconds,
    IReadOnlyList<CafeTableDto> Tables, IReadOnlyList<CafePersonDto> People, long[][][] Plan, CafeFigures? Figures, CafeBounds? Bounds, bool PlanOutdated)
{
    public bool HasPlan => Plan.Length > 0;
    public string NameOf(long id) => People.FirstOrDefault(p => p.EnrollmentId == id)?.Name ?? $"#{id}";
    /// <summary>The round the projector runs (1-based): the facilitator's current one, else the first not played; null when all are played.</summary>
    public int? RunningRound => CurrentRound ?? (PlayedRounds < Rounds ? PlayedRounds + 1 : null);
    /// <summary>Seconds left in the running round, from the server's start time (a reload does not reset it).</summary>
    public int SecondsLeft(DateTimeOffset now) =>
        RoundStartedAt is { } s ? Math.Max(0, RoundMinutes * 60 - (int)(now - s).TotalSeconds) : PausedLeftSeconds ?? RoundMinutes * 60;
}

/// <summary>A table's setting on the organizer's page.</summary>
public sealed record CafeTableInput(long GroupId, string? Question, long? HostId, string? Place);

/// <summary>One round of my itinerary.</summary>
public sealed record MyCafeRound(int Round, int Table, string? Question, string? Place, string? Host, bool IAmHost);
/// <summary>My itinerary of one café: its session, the round running now (if any) and each round's table.</summary>
public sealed record MyCafeDto(long SessionId, string Session, DateTimeOffset StartsAt, int RoundMinutes, int? CurrentRound, int? HostOf,
    IReadOnlyList<MyCafeRound> Rounds);

/// <summary>
/// 世界咖啡 (#16 point 2) around <see cref="CafeRotations"/>: a café is a <c>cafe_tables</c> grouping of one session with
/// its tables (groups with host, question, place), its rounds and their length, who takes part, and the stored rotation
/// (<c>cafe_seats</c>). Generating keeps the played rounds (<see cref="CafeRequest.Played"/>) and plans the others
/// for the people present; a swap by hand is measured again. Generation, swaps and the rest are audited.
/// </summary>
public sealed class CafeStore(Db db, UnitStore units, Texts texts, TimeProvider clock)
{
    public const int MaxTables = 40, MaxMinutes = 180;
    public static readonly IReadOnlyList<string> Statuses = ["present", "late", "absent", "out"];

    /// <summary>The session's café, or null when the session is not the class's or has none.</summary>
    public async Task<CafeDto?> FindAsync(long cohortId, long sessionId)
    {
        var tree = await units.TreeAsync(); // districts, for the figures (constraint 6)
        await using var c = await db.OpenAsync();
        return await LoadAsync(c, null, cohortId, sessionId, u => tree.DistrictOf(u)?.Id);
    }

    /// <summary>The session's title when it is one of the class's (not cancelled), else null.</summary>
    public async Task<string?> SessionTitleAsync(long cohortId, long sessionId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT title FROM sessions WHERE id = @sessionId AND cohort_id = @cohortId",
            new { sessionId, cohortId });
    }

    /// <summary>The class's cafés: session id → grouping id (for links from the timetable and the groups page).</summary>
    public async Task<IReadOnlyDictionary<long, long>> OfClassAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long SessionId, long GroupingId)>("""
            SELECT f.session_id, f.grouping_id FROM cafes f JOIN groupings g ON g.id = f.grouping_id WHERE g.cohort_id = @cohortId
            """, new { cohortId })).ToDictionary(x => x.SessionId, x => x.GroupingId);
    }

    /// <summary>Creates the session's café: <paramref name="tables"/> tables (1号桌…), the class's active trainees taking part.</summary>
    public Task<Result<long>> CreateAsync(CurrentUser me, long cohortId, long sessionId, int tables, int rounds, int minutes) =>
        db.InTransactionAsync((c, tx) => CreateAsync(c, tx, me.Id, Instant.Truncate(clock.GetUtcNow()), cohortId, sessionId, tables, rounds, minutes, texts));

    /// <summary>The same in a transaction of the caller's (the demo).</summary>
    public static async Task<Result<long>> CreateAsync(DbConnection c, DbTransaction tx, long? userId, DateTimeOffset now, long cohortId, long sessionId,
        int tables, int rounds, int minutes, Texts? texts)
    {
        if (tables is < 1 or > MaxTables) return new Error("Cafe.TableCount", tables, MaxTables);
        if (rounds is < 1 or > CafeRotations.MaxRounds) return new Error("Cafe.Rounds", rounds, CafeRotations.MaxRounds);
        if (minutes is < 1 or > MaxMinutes) return new Error("Cafe.Minutes", minutes, MaxMinutes);
        var title = await c.ExecuteScalarAsync<string?>("SELECT title FROM sessions WHERE id = @sessionId AND cohort_id = @cohortId", new { sessionId, cohortId }, tx);
        if (title is null) return new Error("Groups.UnknownSession", sessionId);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cafes WHERE session_id = @sessionId", new { sessionId }, tx) > 0)
            return new Error("Cafe.Exists");
        var people = await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active'
            """, new { cohortId }, tx);
        if (people < 2 * tables) return new Error("Cafe.TooFewPeople", people, tables);
        var grouping = await c.ExecuteScalarAsync<long>("""
            INSERT INTO groupings (cohort_id, session_id, kind, name, created_at, created_by)
            VALUES (@cohortId, @sessionId, 'cafe_tables', @name, @now, @userId) RETURNING id
            """, new { cohortId, sessionId, name = texts?["Cafe.GroupingName", title] ?? $"世界咖啡 · {title}", now, userId }, tx);
        for (var t = 1; t <= tables; t++)
            await c.ExecuteAsync("INSERT INTO groups (grouping_id, name, sort_order) VALUES (@grouping, @name, @t)",
                new { grouping, name = texts?["Cafe.TableName", t] ?? $"{t}号桌", t }, tx);
        await c.ExecuteAsync("""
            INSERT INTO cafes (grouping_id, session_id, rounds, round_minutes, seed, played_rounds, edited_by_hand)
            VALUES (@grouping, @sessionId, @rounds, @minutes, 1, 0, FALSE)
            """, new { grouping, sessionId, rounds, minutes }, tx);
        await c.ExecuteAsync("""
            INSERT INTO cafe_participants (grouping_id, enrollment_id, status)
            SELECT @grouping, id, 'present' FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active'
            """, new { grouping, cohortId }, tx);
        await Audit.WriteAsync(c, tx, userId, now, "grouping", grouping, "cafe.create", null, $"{tables} tables, {rounds}×{minutes} min");
        return Result<long>.Ok(grouping);
    }

    /// <summary>
    /// Sets the rounds, their length and each table's question, host and place. Hosts must take part (not absent) and
    /// differ. Changing the hosts or the rounds drops a plan none of whose rounds was played; after a played round it is refused.
    /// </summary>
    public Task<Result<bool>> SetUpAsync(CurrentUser me, long cohortId, long sessionId, int rounds, int minutes, IReadOnlyList<CafeTableInput> tables) =>
        db.InTransactionAsync((c, tx) => SetUpAsync(c, tx, me.Id, Instant.Truncate(clock.GetUtcNow()), cohortId, sessionId, rounds, minutes, tables));

    public static async Task<Result<bool>> SetUpAsync(DbConnection c, DbTransaction tx, long? userId, DateTimeOffset now, long cohortId, long sessionId,
        int rounds, int minutes, IReadOnlyList<CafeTableInput> tables)
    {
        if (rounds is < 1 or > CafeRotations.MaxRounds) return new Error("Cafe.Rounds", rounds, CafeRotations.MaxRounds);
        if (minutes is < 1 or > MaxMinutes) return new Error("Cafe.Minutes", minutes, MaxMinutes);
        var cafe = await LoadAsync(c, tx, cohortId, sessionId);
        if (cafe is null) return new Error("Cafe.NoCafe");
        if (tables.Any(t => (t.Question?.Length ?? 0) > 500 || (t.Place?.Length ?? 0) > 200)) return new Error("Groups.TooLong");
        var byId = tables.ToDictionary(t => t.GroupId);
        if (byId.Keys.FirstOrDefault(k => cafe.Tables.All(x => x.Id != k)) is var unknownTable and not 0) return new Error("Groups.UnknownGroup", unknownTable);
        var hosts = cafe.Tables.Select(t => byId.TryGetValue(t.Id, out var i) ? i.HostId : t.HostId).ToList();
        foreach (var h in hosts.OfType<long>())
        {
            var p = cafe.People.FirstOrDefault(x => x.EnrollmentId == h);
            if (p is null) return new Error("Cafe.UnknownPerson", h);
            if (p.Status is "absent" or "out") return new Error("Cafe.HostAbsent", p.Name);
        }
        if (hosts.OfType<long>().GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } twice) return new Error("Cafe.HostTwice", cafe.NameOf(twice.Key));
        var changed = rounds != cafe.Rounds || !hosts.SequenceEqual(cafe.Tables.Select(t => t.HostId));
        if (changed && cafe.PlayedRounds > 0 && (rounds < cafe.PlayedRounds || !hosts.SequenceEqual(cafe.Tables.Select(t => t.HostId))))
            return new Error("Cafe.SetUpAfterPlayed");
        foreach (var t in cafe.Tables)
        {
            if (!byId.TryGetValue(t.Id, out var i)) continue;
            await c.ExecuteAsync("UPDATE groups SET question = @q, host_enrollment_id = @h, place = @p WHERE id = @id",
                new { q = Blank(i.Question), h = i.HostId, p = Blank(i.Place), id = t.Id }, tx);
        }
        var dropPlan = changed && cafe.PlayedRounds == 0 && cafe.HasPlan;
        if (dropPlan)
        {
            await c.ExecuteAsync("DELETE FROM cafe_seats WHERE grouping_id = @g", new { g = cafe.GroupingId }, tx);
            await c.ExecuteAsync("UPDATE cafes SET generated_at = NULL, edited_by_hand = FALSE, current_round = NULL, round_started_at = NULL, paused_left_seconds = NULL WHERE grouping_id = @g",
                new { g = cafe.GroupingId }, tx);
        }
        await c.ExecuteAsync("UPDATE cafes SET rounds = @rounds, round_minutes = @minutes WHERE grouping_id = @g", new { rounds, minutes, g = cafe.GroupingId }, tx);
        await Audit.WriteAsync(c, tx, userId, now, "grouping", cafe.GroupingId, "cafe.setup", dropPlan ? "plan dropped" : null,
            $"{rounds}×{minutes} min; hosts {string.Join(",", hosts)}");
        return Result<bool>.Ok(dropPlan);
    }

    /// <summary>Who takes part: enrollment id → present | late | absent | out. A host cannot be absent or out.</summary>
    public async Task<Result<int>> SetPeopleAsync(CurrentUser me, long cohortId, long sessionId, IReadOnlyDictionary<long, string> statuses)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            var cafe = await LoadAsync(c, tx, cohortId, sessionId);
            if (cafe is null) return new Error("Cafe.NoCafe");
            if (statuses.Count == 0) return new Error("Groups.NobodyChosen");
            var changed = 0;
            foreach (var (id, status) in statuses)
            {
                if (!Statuses.Contains(status)) return new Error("Cafe.BadStatus", status);
                var p = cafe.People.FirstOrDefault(x => x.EnrollmentId == id);
                if (p is null) return new Error("Cafe.UnknownPerson", id);
                if (status is "absent" or "out" && cafe.Tables.Any(t => t.HostId == id)) return new Error("Cafe.HostAbsent", p.Name);
                if (p.Status == status) continue;
                await c.ExecuteAsync("DELETE FROM cafe_participants WHERE grouping_id = @g AND enrollment_id = @id", new { g = cafe.GroupingId, id }, tx);
                if (status != "out")
                    await c.ExecuteAsync("INSERT INTO cafe_participants (grouping_id, enrollment_id, status) VALUES (@g, @id, @status)",
                        new { g = cafe.GroupingId, id, status }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "grouping", cafe.GroupingId, "cafe.people", p.Status, $"{id}:{status}");
                changed++;
            }
            return Result<int>.Ok(changed);
        });
    }

    /// <summary>
    /// Generates the rotation: the played rounds are kept, the others planned for the people present (present or late)
    /// with <paramref name="seed"/> (null: the café's). Over a plan changed by hand only when <paramref name="confirmed"/>
    /// (Error Cafe.ConfirmEdited). The search (~1 s for 29 people) runs outside the transaction; the write checks that
    /// nothing was played or generated meanwhile.
    /// </summary>
    public async Task<Result<CafeDto>> GenerateAsync(CurrentUser me, long cohortId, long sessionId, int? seed, bool confirmed)
    {
        var cafe = await FindAsync(cohortId, sessionId);
        if (cafe is null) return new Error("Cafe.NoCafe");
        if (cafe.EditedByHand && !confirmed) return new Error("Cafe.ConfirmEdited");
        var tree = await units.TreeAsync();
        var info = await PeopleInfoAsync(cohortId, u => tree.DistrictOf(u)?.Id);
        var planned = Plan(cafe, info, seed ?? cafe.Seed);
        if (!planned.IsOk) return planned.Error!;
        var now = Instant.Truncate(clock.GetUtcNow());
        var written = await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var again = await LoadAsync(c, tx, cohortId, sessionId);
            if (again is null) return new Error("Cafe.NoCafe");
            if (again.PlayedRounds != cafe.PlayedRounds || again.GeneratedAt != cafe.GeneratedAt || again.Rounds != cafe.Rounds) return new Error("Cafe.Changed");
            await WritePlanAsync(c, tx, me.Id, now, again, planned.Value!, seed ?? cafe.Seed, cafe.HasPlan ? "cafe.regenerate" : "cafe.generate");
            return Result<bool>.Ok(true);
        });
        if (!written.IsOk) return written.Error!;
        return Result<CafeDto>.Ok((await FindAsync(cohortId, sessionId))!);
    }

    /// <summary>The demo's generation, in its transaction (people without districts: seed 001's villages share one).</summary>
    public static async Task<Result<bool>> GenerateAsync(DbConnection c, DbTransaction tx, long? userId, DateTimeOffset now, long cohortId, long sessionId, int seed)
    {
        var cafe = await LoadAsync(c, tx, cohortId, sessionId);
        if (cafe is null) return new Error("Cafe.NoCafe");
        var info = await PeopleInfoAsync(c, tx, cohortId, _ => null);
        var planned = Plan(cafe, info, seed);
        if (!planned.IsOk) return planned.Error!;
        await WritePlanAsync(c, tx, userId, now, cafe, planned.Value!, seed, "cafe.generate");
        return Result<bool>.Ok(true);
    }

    private static Result<long[][][]> Plan(CafeDto cafe, IReadOnlyDictionary<long, CafePerson> info, int seed)
    {
        if (cafe.Tables.Any(t => t.HostId is null)) return new Error("Cafe.HostMissing", cafe.Tables.First(t => t.HostId is null).Number);
        CafePerson P(long id) => info.TryGetValue(id, out var p) ? p : new CafePerson(id);
        var hosts = cafe.Tables.Select(t => P(t.HostId!.Value)).ToList();
        var hostIds = hosts.Select(h => h.Id).ToHashSet();
        var present = cafe.People.Where(p => p.Status is "present" or "late" && !hostIds.Contains(p.EnrollmentId)).Select(p => P(p.EnrollmentId)).ToList();
        var absent = cafe.People.Where(p => p.Status is "absent" or "out").Select(p => P(p.EnrollmentId)).ToList();
        var played = cafe.Plan.Take(cafe.PlayedRounds).ToArray();
        var r = CafeRotations.Generate(new CafeRequest(hosts, present, cafe.Rounds, seed, played.Length == 0 ? null : played, absent));
        return r.IsOk ? Result<long[][][]>.Ok(r.Value!.Rounds) : r.Error!;
    }

    private static async Task WritePlanAsync(DbConnection c, DbTransaction tx, long? userId, DateTimeOffset now, CafeDto cafe, long[][][] plan, int seed, string action)
    {
        var g = cafe.GroupingId;
        await c.ExecuteAsync("DELETE FROM cafe_seats WHERE grouping_id = @g AND round_no > @played", new { g, played = cafe.PlayedRounds }, tx);
        for (var r = cafe.PlayedRounds; r < plan.Length; r++)
            for (var t = 0; t < plan[r].Length; t++)
                for (var s = 0; s < plan[r][t].Length; s++)
                    await c.ExecuteAsync("""
                        INSERT INTO cafe_seats (grouping_id, round_no, group_id, seat, enrollment_id) VALUES (@g, @round, @table, @s, @e)
                        """, new { g, round = r + 1, table = cafe.Tables[t].Id, s, e = plan[r][t][s] }, tx);
        await c.ExecuteAsync("UPDATE cafes SET seed = @seed, generated_at = @now, edited_by_hand = FALSE WHERE grouping_id = @g", new { seed, now, g }, tx);
        var f = CafeRotations.Measure(plan, []);
        await Audit.WriteAsync(c, tx, userId, now, "grouping", g, action, cafe.HasPlan ? $"seed {cafe.Seed}" : null,
            $"seed {seed}; kept {cafe.PlayedRounds} played; max {f.MaxMeetings}, pairs>1 {f.PairsMeetingMoreThanOnce}");
    }

    /// <summary>Swaps two travellers in one round not yet played (1-based) by hand; the figures are measured again on reading.</summary>
    public async Task<Result<CafeDto>> SwapAsync(CurrentUser me, long cohortId, long sessionId, int round, long a, long b)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        var r = await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var cafe = await LoadAsync(c, tx, cohortId, sessionId);
            if (cafe is null) return new Error("Cafe.NoCafe");
            if (!cafe.HasPlan) return new Error("Cafe.NoPlan");
            if (round < 1 || round > cafe.Plan.Length) return new Error("Cafe.SwapRound", round);
            if (round <= cafe.PlayedRounds) return new Error("Cafe.SwapPlayed", round);
            var swapped = CafeRotations.Swap(cafe.Plan, round - 1, a, b);
            if (!swapped.IsOk)
            {
                var e = swapped.Error!;
                // Names instead of ids in the message.
                return new Error(e.Code, e.Args.Select(x => x is long id && cafe.People.Any(p => p.EnrollmentId == id) ? cafe.NameOf(id) : x).ToArray());
            }
            var plan = swapped.Value!;
            await c.ExecuteAsync("DELETE FROM cafe_seats WHERE grouping_id = @g AND round_no = @round", new { g = cafe.GroupingId, round }, tx);
            for (var t = 0; t < plan[round - 1].Length; t++)
                for (var s = 0; s < plan[round - 1][t].Length; s++)
                    await c.ExecuteAsync("INSERT INTO cafe_seats (grouping_id, round_no, group_id, seat, enrollment_id) VALUES (@g, @round, @table, @s, @e)",
                        new { g = cafe.GroupingId, round, table = cafe.Tables[t].Id, s, e = plan[round - 1][t][s] }, tx);
            await c.ExecuteAsync("UPDATE cafes SET edited_by_hand = TRUE WHERE grouping_id = @g", new { g = cafe.GroupingId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", cafe.GroupingId, "cafe.swap", null, $"round {round}: {a}↔{b}");
            return Result<bool>.Ok(true);
        });
        if (!r.IsOk) return r.Error!;
        return Result<CafeDto>.Ok((await FindAsync(cohortId, sessionId))!);
    }

    /// <summary>Sets how many rounds have been played (0 … the rounds of the plan): rounds 1…n are kept on regeneration.</summary>
    public async Task<Result<bool>> SetPlayedAsync(CurrentUser me, long cohortId, long sessionId, int played)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var cafe = await LoadAsync(c, tx, cohortId, sessionId);
            if (cafe is null) return new Error("Cafe.NoCafe");
            if (!cafe.HasPlan) return new Error("Cafe.NoPlan");
            if (played < 0 || played > cafe.Plan.Length) return new Error("Cafe.PlayedRounds", played, cafe.Plan.Length);
            await c.ExecuteAsync("""
                UPDATE cafes SET played_rounds = @played,
                    current_round = CASE WHEN current_round IS NOT NULL AND current_round <= @played THEN NULL ELSE current_round END,
                    round_started_at = CASE WHEN current_round IS NOT NULL AND current_round <= @played THEN NULL ELSE round_started_at END,
                    paused_left_seconds = CASE WHEN current_round IS NOT NULL AND current_round <= @played THEN NULL ELSE paused_left_seconds END
                WHERE grouping_id = @g
                """, new { played, g = cafe.GroupingId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", cafe.GroupingId, "cafe.played", cafe.PlayedRounds.ToString(), played.ToString());
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>The facilitator's clock: start (or resume) the running round, pause it, or end it and start the next.</summary>
    public async Task<Result<bool>> ClockAsync(CurrentUser me, long cohortId, long sessionId, string action)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var cafe = await LoadAsync(c, tx, cohortId, sessionId);
            if (cafe is null) return new Error("Cafe.NoCafe");
            if (!cafe.HasPlan) return new Error("Cafe.NoPlan");
            var g = cafe.GroupingId;
            switch (action)
            {
                case "start":
                    if (cafe.RunningRound is not { } round) return new Error("Cafe.AllPlayed");
                    if (cafe.RoundStartedAt is not null) return Result<bool>.Ok(true);
                    var left = cafe.SecondsLeft(now);
                    // Resuming: the start moves so that what was left is left again.
                    await c.ExecuteAsync("UPDATE cafes SET current_round = @round, round_started_at = @start, paused_left_seconds = NULL WHERE grouping_id = @g",
                        new { round, start = now.AddSeconds(left - cafe.RoundMinutes * 60), g }, tx);
                    break;
                case "pause":
                    if (cafe.RoundStartedAt is null) return Result<bool>.Ok(true);
                    await c.ExecuteAsync("UPDATE cafes SET round_started_at = NULL, paused_left_seconds = @left WHERE grouping_id = @g",
                        new { left = cafe.SecondsLeft(now), g }, tx);
                    break;
                case "next":
                    if (cafe.RunningRound is not { } current) return new Error("Cafe.AllPlayed");
                    var next = current + 1 <= cafe.Rounds ? current + 1 : (int?)null;
                    await c.ExecuteAsync("""
                        UPDATE cafes SET played_rounds = @played, current_round = @next, round_started_at = @start, paused_left_seconds = NULL WHERE grouping_id = @g
                        """, new { played = Math.Max(current, cafe.PlayedRounds), next, start = next is null ? (DateTimeOffset?)null : now, g }, tx);
                    await Audit.WriteAsync(c, tx, me.Id, now, "grouping", g, "cafe.played", cafe.PlayedRounds.ToString(), current.ToString());
                    break;
                default:
                    return new Error("Cafe.BadClock", action);
            }
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Deletes the café: its tables, rotation and grouping. False when there is none.</summary>
    public async Task<bool> DeleteAsync(CurrentUser me, long cohortId, long sessionId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var cafe = await LoadAsync(c, tx, cohortId, sessionId);
            if (cafe is null) return false;
            var g = cafe.GroupingId;
            foreach (var sql in new[]
            {
                "DELETE FROM cafe_seats WHERE grouping_id = @g", "DELETE FROM cafe_participants WHERE grouping_id = @g", "DELETE FROM cafes WHERE grouping_id = @g",
                "DELETE FROM group_members WHERE grouping_id = @g", "DELETE FROM group_mentors WHERE group_id IN (SELECT id FROM groups WHERE grouping_id = @g)",
                "DELETE FROM groups WHERE grouping_id = @g", "DELETE FROM groupings WHERE id = @g",
            })
                await c.ExecuteAsync(sql, new { g }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "grouping", g, "cafe.delete", cafe.SessionTitle);
            return true;
        });
    }

    /// <summary>My itineraries in a class: every café whose plan seats me.</summary>
    public async Task<IReadOnlyList<MyCafeDto>> MineAsync(long cohortId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        var sessions = (await c.QueryAsync<long>("""
            SELECT DISTINCT f.session_id FROM cafe_seats s JOIN cafes f ON f.grouping_id = s.grouping_id JOIN groupings g ON g.id = f.grouping_id
            WHERE s.enrollment_id = @enrollmentId AND g.cohort_id = @cohortId
            """, new { enrollmentId, cohortId })).ToList();
        var list = new List<MyCafeDto>();
        foreach (var s in sessions)
        {
            if (await LoadAsync(c, null, cohortId, s) is not { } cafe) continue;
            var starts = await c.ExecuteScalarAsync<DateTimeOffset>("SELECT starts_at FROM sessions WHERE id = @s", new { s });
            var rounds = new List<MyCafeRound>();
            for (var r = 0; r < cafe.Plan.Length; r++)
                for (var t = 0; t < cafe.Plan[r].Length; t++)
                    if (Array.IndexOf(cafe.Plan[r][t], enrollmentId) is var seat and >= 0)
                    {
                        var table = cafe.Tables[t];
                        rounds.Add(new MyCafeRound(r + 1, table.Number, table.Question, table.Place, table.HostName, seat == 0));
                    }
            var hostOf = cafe.Tables.FirstOrDefault(t => t.HostId == enrollmentId)?.Number;
            list.Add(new MyCafeDto(s, cafe.SessionTitle, starts, cafe.RoundMinutes,
                cafe.CurrentRound ?? (cafe.PlayedRounds > 0 && cafe.PlayedRounds < cafe.Rounds ? cafe.PlayedRounds + 1 : null), hostOf, rounds));
        }
        return list.OrderBy(x => x.StartsAt).ToList();
    }

    private async Task<IReadOnlyDictionary<long, CafePerson>> PeopleInfoAsync(long cohortId, Func<long, long?> districtOf)
    {
        await using var c = await db.OpenAsync();
        return await PeopleInfoAsync(c, null, cohortId, districtOf);
    }

    private static async Task<IReadOnlyDictionary<long, CafePerson>> PeopleInfoAsync(DbConnection c, DbTransaction? tx, long cohortId, Func<long, long?> districtOf) =>
        (await c.QueryAsync<(long Id, long? UnitId, string? Gender)>(
            "SELECT id, unit_id, gender FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee'", new { cohortId }, tx))
        .ToDictionary(r => r.Id, r => new CafePerson(r.Id, r.UnitId, r.UnitId is { } u ? districtOf(u) : null,
            string.IsNullOrWhiteSpace(r.Gender) ? null : r.Gender.Trim()));

    private static async Task<CafeDto?> LoadAsync(DbConnection c, DbTransaction? tx, long cohortId, long sessionId, Func<long, long?>? districtOf = null)
    {
        var f = await c.QuerySingleOrDefaultAsync<CafeRow>("""
            SELECT f.grouping_id, f.session_id, s.title AS session_title, f.rounds, f.round_minutes, f.seed, f.played_rounds, f.generated_at,
                   f.edited_by_hand, f.current_round, f.round_started_at, f.paused_left_seconds
            FROM cafes f JOIN groupings g ON g.id = f.grouping_id JOIN sessions s ON s.id = f.session_id
            WHERE f.session_id = @sessionId AND g.cohort_id = @cohortId
            """, new { sessionId, cohortId }, tx);
        if (f is null) return null;
        var g = f.GroupingId;
        var people = (await c.QueryAsync<(long Id, string Name, string? Unit, string? Status)>("""
            SELECT e.id, e.name, un.name, p.status FROM enrollments e LEFT JOIN units un ON un.id = e.unit_id
            LEFT JOIN cafe_participants p ON p.grouping_id = @g AND p.enrollment_id = e.id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND (e.status = 'active' OR p.status IS NOT NULL)
            ORDER BY e.name, e.id
            """, new { g, cohortId }, tx)).Select(p => new CafePersonDto(p.Id, p.Name, p.Unit, p.Status ?? "out")).ToList();
        var names = people.ToDictionary(p => p.EnrollmentId, p => p.Name);
        var tables = (await c.QueryAsync<(long Id, string Name, string? Question, long? Host, string? Place)>("""
            SELECT id, name, question, host_enrollment_id, place FROM groups WHERE grouping_id = @g ORDER BY sort_order, id
            """, new { g }, tx)).Select((t, i) => new CafeTableDto(t.Id, i + 1, t.Name, t.Question, t.Host, t.Host is { } h ? names.GetValueOrDefault(h) : null, t.Place)).ToList();
        var seats = (await c.QueryAsync<(int Round, long GroupId, int Seat, long EnrollmentId)>("""
            SELECT round_no, group_id, seat, enrollment_id FROM cafe_seats WHERE grouping_id = @g ORDER BY round_no, seat
            """, new { g }, tx)).ToList();
        var roundsStored = seats.Count == 0 ? 0 : seats.Max(s => s.Round);
        var plan = Enumerable.Range(1, roundsStored).Select(r => tables.Select(t =>
            seats.Where(s => s.Round == r && s.GroupId == t.Id).OrderBy(s => s.Seat).Select(s => s.EnrollmentId).ToArray()).ToArray()).ToArray();
        CafeFigures? figures = null;
        CafeBounds? bounds = null;
        var outdated = false;
        if (plan.Length > 0)
        {
            var info = (await c.QueryAsync<(long Id, long? UnitId, string? Gender)>(
                "SELECT id, unit_id, gender FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee'", new { cohortId }, tx))
                .Select(r => new CafePerson(r.Id, r.UnitId, r.UnitId is { } u && districtOf is not null ? districtOf(u) : null,
                    string.IsNullOrWhiteSpace(r.Gender) ? null : r.Gender.Trim()));
            figures = CafeRotations.Measure(plan, info);
            bounds = CafeRotations.Bounds(plan, figures.MaxMeetings);
            var here = people.Where(p => p.Status is "present" or "late").Select(p => p.EnrollmentId).ToHashSet();
            outdated = plan.Length != f.Rounds || plan.Skip(f.PlayedRounds).Any(r => !r.SelectMany(t => t).ToHashSet().SetEquals(here));
        }
        return new CafeDto(g, cohortId, f.SessionId, f.SessionTitle, f.Rounds, f.RoundMinutes, f.Seed, f.PlayedRounds, f.EditedByHand, f.GeneratedAt,
            f.CurrentRound, f.RoundStartedAt, f.PausedLeftSeconds, tables, people, plan, figures, bounds, outdated);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private sealed class CafeRow
    {
        public long GroupingId { get; init; }
        public long SessionId { get; init; }
        public string SessionTitle { get; init; } = "";
        public int Rounds { get; init; }
        public int RoundMinutes { get; init; }
        public int Seed { get; init; }
        public int PlayedRounds { get; init; }
        public DateTimeOffset? GeneratedAt { get; init; }
        public bool EditedByHand { get; init; }
        public int? CurrentRound { get; init; }
        public DateTimeOffset? RoundStartedAt { get; init; }
        public int? PausedLeftSeconds { get; init; }
    }
}

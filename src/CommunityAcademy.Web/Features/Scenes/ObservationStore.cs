using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class ObservationRow
{
    public long Id { get; init; }
    public long? GroupId { get; init; }
    public string? TeamName { get; init; }
    public string? Cohort { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public string Place { get; init; } = "";
    public int People { get; init; }
    public string Activity { get; init; } = "";
}

/// <summary>A scene's behaviour summary: how many observations and people, and the activities seen most (people summed).</summary>
public sealed record ObservationSummary(int Observations, int People, IReadOnlyList<(string Activity, int People, int Times)> Activities)
{
    public IReadOnlyList<ObservationRow> Recent { get; init; } = [];
    /// <summary>The teams that observed the scene, with their class and members, most observations first.</summary>
    public IReadOnlyList<TeamSummary> Teams { get; init; } = [];
}

/// <summary>One team's share of a scene's observations.</summary>
public sealed record TeamSummary(long GroupId, string Team, string Cohort, IReadOnlyList<string> Members, int Observations, int People);

/// <summary>A team a user may record for: a group of a 'teams' grouping (三人小组) of a class, with its size.</summary>
public sealed class TeamChoice
{
    public long GroupId { get; init; }
    public string Name { get; init; } = "";
    public string Cohort { get; init; } = "";
    public long Members { get; init; }
}

/// <summary>
/// Scene behaviour (场景行为, #25 point 3): observations — time, place, how many people doing what — recorded on a phone
/// by a three-person team from a class's groups (<see cref="ObservationTeam"/>: a group of a class's 三人小组 grouping of
/// a team's size, the recorder among its members), summarised per scene with the teams that observed it.
/// </summary>
public sealed class ObservationStore(Db db, TimeProvider clock)
{
    public const int MaxPeople = 10_000;

    private sealed class TeamRow
    {
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public long Members { get; init; }
        public long RecorderIn { get; init; }
    }

    /// <summary>The 三人小组 teams <paramref name="userId"/> is a member of, in every class (newest class first).</summary>
    public async Task<IReadOnlyList<TeamChoice>> TeamsAsync(long userId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<TeamChoice>("""
            SELECT g.id AS group_id, g.name, co.title AS cohort,
                   (SELECT COUNT(*) FROM group_members m2 WHERE m2.group_id = g.id) AS members
            FROM groups g JOIN groupings gp ON gp.id = g.grouping_id JOIN cohorts co ON co.id = gp.cohort_id
            WHERE gp.kind = 'teams'
              AND EXISTS (SELECT 1 FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id WHERE m.group_id = g.id AND e.user_id = @userId)
            ORDER BY co.id DESC, g.sort_order, g.id
            """, new { userId })).ToList();
    }

    public async Task<Result<long>> RecordAsync(long sceneId, long groupId, long userId, DateTimeOffset? at, string? place, int people, string? activity)
    {
        var p = SceneStore.Clean(place, SceneTerms.MaxShort);
        var a = SceneStore.Clean(activity, SceneTerms.MaxShort);
        if (p.Error is { } pe) return pe;
        if (a.Error is { } ae) return ae;
        if (p.Value is null || a.Value is null) return new Error("Scenes.ObservationIncomplete");
        if (people is < 0 or > MaxPeople) return new Error("Scenes.BadPeople", MaxPeople);
        var now = clock.GetUtcNow();
        var when = at ?? now;
        if (when > now.AddMinutes(5)) return new Error("Scenes.ObservationInFuture");
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scenes WHERE id = @sceneId", new { sceneId }, tx) == 0)
                return new Error("Scenes.UnknownScene", sceneId);
            var team = await c.QuerySingleOrDefaultAsync<TeamRow>("""
                SELECT gp.kind, g.name,
                       (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS members,
                       (SELECT COUNT(*) FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id WHERE m.group_id = g.id AND e.user_id = @userId) AS recorder_in
                FROM groups g JOIN groupings gp ON gp.id = g.grouping_id WHERE g.id = @groupId
                """, new { groupId, userId }, tx);
            if (team is null) return new Error("Scenes.UnknownTeam");
            if (ObservationTeam.Check(team.Kind, (int)team.Members, team.RecorderIn > 0, team.Name) is { } te) return te;
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO scene_observations (scene_id, group_id, observed_at, place, people, activity, recorded_by, created_at)
                VALUES (@sceneId, @groupId, @when, @place, @people, @activity, @userId, @now) RETURNING id
                """, new { sceneId, groupId, when, place = p.Value, people, activity = a.Value, userId, now }, tx);
            return Result<long>.Ok(id);
        });
    }

    public async Task<ObservationSummary> SummaryAsync(long sceneId)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<ObservationRow>("""
            SELECT o.id, o.group_id, g.name AS team_name, co.title AS cohort, o.observed_at, o.place, o.people, o.activity FROM scene_observations o
            LEFT JOIN groups g ON g.id = o.group_id LEFT JOIN groupings gp ON gp.id = g.grouping_id LEFT JOIN cohorts co ON co.id = gp.cohort_id
            WHERE o.scene_id = @sceneId ORDER BY o.observed_at DESC, o.id DESC
            """, new { sceneId })).ToList();
        var activities = rows.GroupBy(r => r.Activity).Select(g => (g.Key, g.Sum(r => r.People), g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var members = (await c.QueryAsync<(long GroupId, string Name)>("""
            SELECT m.group_id, e.name FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id
            WHERE m.group_id IN (SELECT DISTINCT group_id FROM scene_observations WHERE scene_id = @sceneId AND group_id IS NOT NULL)
            ORDER BY m.group_id, e.id
            """, new { sceneId })).ToLookup(x => x.GroupId, x => x.Name);
        var teams = rows.Where(r => r.GroupId is not null).GroupBy(r => r.GroupId!.Value)
            .Select(g => new TeamSummary(g.Key, g.First().TeamName ?? "", g.First().Cohort ?? "", members[g.Key].ToList(), g.Count(), g.Sum(r => r.People)))
            .OrderByDescending(t => t.Observations).ThenBy(t => t.GroupId).ToList();
        return new ObservationSummary(rows.Count, rows.Sum(r => r.People), activities) { Recent = rows.Take(50).ToList(), Teams = teams };
    }
}

using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class ObservationRow
{
    public long Id { get; init; }
    public string? TeamName { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public string Place { get; init; } = "";
    public int People { get; init; }
    public string Activity { get; init; } = "";
}

/// <summary>A scene's behaviour summary: how many observations and people, and the activities seen most (people summed).</summary>
public sealed record ObservationSummary(int Observations, int People, IReadOnlyList<(string Activity, int People, int Times)> Activities)
{
    public IReadOnlyList<ObservationRow> Recent { get; init; } = [];
}

/// <summary>A team a user may record for: a group of a 'teams' grouping (三人小组) of a class.</summary>
public sealed record TeamChoice(long GroupId, string Name, string Cohort);

/// <summary>
/// Scene behaviour (场景行为, #25 point 3): observations — time, place, how many people doing what — recorded on a phone
/// by a three-person team from a class's groups (a member of the team, or the class's staff), summarised per scene.
/// </summary>
public sealed class ObservationStore(Db db, TimeProvider clock)
{
    public const int MaxPeople = 10_000;

    /// <summary>The teams <paramref name="userId"/> is in (staff: every team of every class).</summary>
    public async Task<IReadOnlyList<TeamChoice>> TeamsAsync(long userId, bool staff)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<TeamChoice>($"""
            SELECT g.id AS group_id, g.name, co.title AS cohort FROM groups g JOIN groupings gp ON gp.id = g.grouping_id
            JOIN cohorts co ON co.id = gp.cohort_id
            WHERE gp.kind = 'teams' {(staff ? "" : "AND EXISTS (SELECT 1 FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id WHERE m.group_id = g.id AND e.user_id = @userId)")}
            ORDER BY co.id DESC, g.sort_order, g.id
            """, new { userId })).ToList();
    }

    public async Task<Result<long>> RecordAsync(long sceneId, long groupId, long userId, bool staff, DateTimeOffset? at, string? place, int people, string? activity)
    {
        var p = SceneStore.Clean(place, SceneTerms.MaxShort);
        var a = SceneStore.Clean(activity, SceneTerms.MaxShort);
        if (p.Error is { } pe) return pe;
        if (a.Error is { } ae) return ae;
        if (p.Value is null || a.Value is null) return new Error("Scenes.ObservationIncomplete");
        if (people is < 0 or > MaxPeople) return new Error("Scenes.BadPeople", MaxPeople);
        if (!(await TeamsAsync(userId, staff)).Any(t => t.GroupId == groupId)) return new Error("Scenes.NotYourTeam");
        var now = clock.GetUtcNow();
        var when = at ?? now;
        if (when > now.AddMinutes(5)) return new Error("Scenes.ObservationInFuture");
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scenes WHERE id = @sceneId", new { sceneId }, tx) == 0)
                return new Error("Scenes.UnknownScene", sceneId);
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
            SELECT o.id, g.name AS team_name, o.observed_at, o.place, o.people, o.activity FROM scene_observations o
            LEFT JOIN groups g ON g.id = o.group_id WHERE o.scene_id = @sceneId ORDER BY o.observed_at DESC, o.id DESC
            """, new { sceneId })).ToList();
        var activities = rows.GroupBy(r => r.Activity).Select(g => (g.Key, g.Sum(r => r.People), g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        return new ObservationSummary(rows.Count, rows.Sum(r => r.People), activities) { Recent = rows.Take(50).ToList() };
    }
}

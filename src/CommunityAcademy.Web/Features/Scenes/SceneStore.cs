using System.Security.Cryptography;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class SceneRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public long? UnitId { get; init; }
    public string? UnitName { get; init; }
    public long? TeachingPointId { get; init; }
    public string? TeachingPointName { get; init; }
    public long? PlanSubmissionId { get; init; }
    public string? PlanTitle { get; init; }
    public long? PlanCohortId { get; init; }
    public string? CardToken { get; init; }
    /// <summary>The official stars: the latest expert assessment's (null: never assessed by an expert).</summary>
    public int? OfficialStars { get; init; }
    /// <summary>The latest self-assessment's stars, shown beside.</summary>
    public int? SelfStars { get; init; }
}

/// <summary>A plan (review submission) a scene or brand may link, with its review's title and its class.</summary>
public sealed record PlanChoice(long Id, string Title, string Review, long CohortId);

public sealed record NewSceneInput(string? Name, string? Description, long? UnitId, long? TeachingPointId);

/// <summary>
/// Scenes of communities (#25 point 2): a scene belongs to a unit and may also be at a teaching point (the timetable's
/// scenes, migrated in 0038, keep their ids); its official stars come from the latest expert assessment
/// (<see cref="AssessmentStore"/>), its upgrade plan is a review submission linked by id.
/// </summary>
public sealed class SceneStore(Db db, TimeProvider clock)
{
    private const string Select = """
        SELECT s.id, s.name, s.description, s.unit_id, u.name AS unit_name, s.teaching_point_id, tp.name AS teaching_point_name,
               s.plan_submission_id, rs.title AS plan_title, r.cohort_id AS plan_cohort_id, s.card_token,
               (SELECT a.stars FROM scene_assessments a WHERE a.scene_id = s.id AND a.kind = 'expert' ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1) AS official_stars,
               (SELECT a.stars FROM scene_assessments a WHERE a.scene_id = s.id AND a.kind = 'self' ORDER BY a.assessed_at DESC, a.id DESC LIMIT 1) AS self_stars
        FROM scenes s
        LEFT JOIN units u ON u.id = s.unit_id
        LEFT JOIN teaching_points tp ON tp.id = s.teaching_point_id
        LEFT JOIN review_submissions rs ON rs.id = s.plan_submission_id
        LEFT JOIN reviews r ON r.id = rs.review_id
        """;

    public async Task<IReadOnlyList<SceneRow>> AllAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<SceneRow>(Select + " ORDER BY u.name, s.sort_order, s.id")).ToList();
    }

    public async Task<SceneRow?> FindAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<SceneRow>(Select + " WHERE s.id = @id", new { id });
    }

    public async Task<SceneRow?> ByCardTokenAsync(string token)
    {
        if (token is not { Length: 22 }) return null;
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<SceneRow>(Select + " WHERE s.card_token = @token", new { token });
    }

    public async Task<Result<long>> CreateAsync(NewSceneInput s, long by)
    {
        var name = (s.Name ?? "").Trim();
        if (name.Length is 0 or > SceneTerms.MaxShort) return new Error("Scenes.SceneName", SceneTerms.MaxShort);
        if (s.UnitId is null) return new Error("Scenes.UnitRequired");
        var description = Clean(s.Description, SceneTerms.MaxText);
        if (description.Error is { } e) return e;
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @u", new { u = s.UnitId }, tx) == 0)
                return new Error("Scenes.UnitRequired");
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scenes WHERE unit_id = @u AND name = @name", new { u = s.UnitId, name }, tx) > 0)
                return new Error("Scenes.DuplicateScene", name);
            var order = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM scenes WHERE unit_id = @u", new { u = s.UnitId }, tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO scenes (teaching_point_id, name, description, unit_id, sort_order, created_at)
                VALUES (@tp, @name, @description, @unit, @order, @now) RETURNING id
                """, new { tp = s.TeachingPointId, name, description = description.Value, unit = s.UnitId, order, now = clock.GetUtcNow() }, tx);
            await Audit.WriteAsync(c, tx, by, clock.GetUtcNow(), "scene", id, "scenes.create", null, name);
            return Result<long>.Ok(id);
        });
    }

    /// <summary>Sets the community of a scene (a migrated timetable scene has none yet).</summary>
    public async Task<Error?> SetUnitAsync(long sceneId, long unitId, long by)
    {
        await using var c = await db.OpenAsync();
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @unitId", new { unitId }) == 0) return new Error("Scenes.UnitRequired");
        var n = await c.ExecuteAsync("UPDATE scenes SET unit_id = @unitId WHERE id = @sceneId", new { sceneId, unitId });
        if (n == 0) return new Error("Scenes.UnknownScene", sceneId);
        await Audit.WriteAsync(c, null, by, clock.GetUtcNow(), "scene", sceneId, "scenes.unit", null, unitId.ToString());
        return null;
    }

    /// <summary>Links the scene's upgrade plan: an existing submission of the review module (null unlinks).</summary>
    public async Task<Error?> LinkPlanAsync(long sceneId, long? submissionId, long by)
    {
        await using var c = await db.OpenAsync();
        if (submissionId is { } sid && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_submissions WHERE id = @sid", new { sid }) == 0)
            return new Error("Scenes.UnknownPlan", sid);
        var n = await c.ExecuteAsync("UPDATE scenes SET plan_submission_id = @submissionId WHERE id = @sceneId", new { sceneId, submissionId });
        if (n == 0) return new Error("Scenes.UnknownScene", sceneId);
        await Audit.WriteAsync(c, null, by, clock.GetUtcNow(), "scene", sceneId, "scenes.plan", null, submissionId?.ToString());
        return null;
    }

    /// <summary>The random token of the scene's card link (made on first use; 128 bits, so links cannot be guessed).</summary>
    public async Task<string> CardTokenAsync(long sceneId)
    {
        await using var c = await db.OpenAsync();
        var token = await c.ExecuteScalarAsync<string?>("SELECT card_token FROM scenes WHERE id = @sceneId", new { sceneId });
        if (token is not null) return token;
        token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await c.ExecuteAsync("UPDATE scenes SET card_token = @token WHERE id = @sceneId AND card_token IS NULL", new { sceneId, token });
        return (await c.ExecuteScalarAsync<string?>("SELECT card_token FROM scenes WHERE id = @sceneId", new { sceneId }))!;
    }

    /// <summary>Plans a scene or a brand may link: review submissions, newest first, with their review's title and class.</summary>
    public async Task<IReadOnlyList<PlanChoice>> PlanChoicesAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string, string, long)>("""
            SELECT s.id, s.title, r.title, r.cohort_id FROM review_submissions s JOIN reviews r ON r.id = s.review_id
            WHERE r.kind = 'plan' ORDER BY s.id DESC LIMIT 500
            """)).Select(x => new PlanChoice(x.Item1, x.Item2, x.Item3, x.Item4)).ToList();
    }

    public static Result<string?> Clean(string? text, int max)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return Result<string?>.Ok(null);
        if (t.Length > max) return new Error("Scenes.TextTooLong", max);
        return Result<string?>.Ok(t);
    }
}

using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class BrandRow
{
    public long Id { get; init; }
    public long UnitId { get; init; }
    public string UnitName { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Slogan { get; init; }
    public long? PlanSubmissionId { get; init; }
    public string? PlanTitle { get; init; }
    public long? PlanCohortId { get; init; }
    public IReadOnlyDictionary<string, string> Traits { get; set; } = new Dictionary<string, string>();
}

public sealed record BrandInput(long? UnitId, string? Name, string? Slogan, long? PlanSubmissionId, IReadOnlyDictionary<string, string?> Traits);

/// <summary>
/// Community brands (#25 point 6): a name, a slogan (幸福石榴园·服务520, K23幸福家园), the six traits (差异化、系列化、精细化、
/// 参与度、满意度、影响广) each with its evidence, and the brand plan — an existing submission of the review module, by id.
/// </summary>
public sealed class BrandStore(Db db, TimeProvider clock)
{
    public async Task<IReadOnlyList<BrandRow>> AllAsync(Func<long, bool> visible)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<BrandRow>("""
            SELECT b.id, b.unit_id, u.name AS unit_name, b.name, b.slogan, b.plan_submission_id, rs.title AS plan_title, r.cohort_id AS plan_cohort_id
            FROM community_brands b JOIN units u ON u.id = b.unit_id
            LEFT JOIN review_submissions rs ON rs.id = b.plan_submission_id LEFT JOIN reviews r ON r.id = rs.review_id
            ORDER BY u.name, b.name
            """)).Where(b => visible(b.UnitId)).ToList();
        var traits = (await c.QueryAsync<(long Brand, string Trait, string Evidence)>("SELECT brand_id, trait, evidence FROM community_brand_traits"))
            .ToLookup(t => t.Brand);
        foreach (var b in rows) b.Traits = traits[b.Id].ToDictionary(t => t.Trait, t => t.Evidence);
        return rows;
    }

    public async Task<Result<long>> AddAsync(BrandInput input, long by)
    {
        if (input.UnitId is not { } unitId) return new Error("Scenes.UnitRequired");
        var name = SceneStore.Clean(input.Name, SceneTerms.MaxShort);
        if (name.Error is { } ne) return ne;
        if (name.Value is null) return new Error("Scenes.BrandName", SceneTerms.MaxShort);
        var slogan = SceneStore.Clean(input.Slogan, SceneTerms.MaxShort);
        if (slogan.Error is { } se) return se;
        var traits = new Dictionary<string, string>();
        foreach (var (key, text) in input.Traits)
        {
            if (!SceneTerms.BrandTraits.Contains(key)) return new Error("Scenes.UnknownTrait", key);
            var t = SceneStore.Clean(text, SceneTerms.MaxText);
            if (t.Error is { } te) return te;
            if (t.Value is not null) traits[key] = t.Value;
        }
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @unitId", new { unitId }, tx) == 0) return new Error("Scenes.UnitRequired");
            if (input.PlanSubmissionId is { } sid && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_submissions WHERE id = @sid", new { sid }, tx) == 0)
                return new Error("Scenes.UnknownPlan", sid);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM community_brands WHERE unit_id = @unitId AND name = @name", new { unitId, name = name.Value }, tx) > 0)
                return new Error("Scenes.DuplicateBrand", name.Value);
            var now = clock.GetUtcNow();
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO community_brands (unit_id, name, slogan, plan_submission_id, created_at, created_by)
                VALUES (@unitId, @name, @slogan, @plan, @now, @by) RETURNING id
                """, new { unitId, name = name.Value, slogan = slogan.Value, plan = input.PlanSubmissionId, now, by }, tx);
            foreach (var (trait, evidence) in traits)
                await c.ExecuteAsync("INSERT INTO community_brand_traits (brand_id, trait, evidence) VALUES (@id, @trait, @evidence)", new { id, trait, evidence }, tx);
            await Audit.WriteAsync(c, tx, by, now, "community_brand", id, "scenes.brand.add", null, name.Value);
            return Result<long>.Ok(id);
        });
    }
}

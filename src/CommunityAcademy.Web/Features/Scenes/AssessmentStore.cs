using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class AssessmentRow
{
    public long Id { get; init; }
    public long SceneId { get; init; }
    public long StandardId { get; init; }
    public string StandardName { get; init; } = "";
    public int StandardVersion { get; init; }
    public string Kind { get; init; } = "";
    public string Scores { get; init; } = "{}";
    public double Total { get; init; }
    public int Stars { get; init; }
    public string? Note { get; init; }
    public string? AssessedByName { get; init; }
    public DateTimeOffset AssessedAt { get; init; }
    public IReadOnlyList<long> Photos { get; set; } = [];
    public IReadOnlyDictionary<string, decimal> ScoreMap =>
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(Scores) ?? new();
}

/// <summary>A photo to keep with an assessment, as read from the form.</summary>
public sealed record EvidencePhoto(string FileName, byte[] Bytes);

/// <summary>
/// Self- and expert assessments of a scene (#25 point 2): scored under one version of the standard by
/// <see cref="StarRules.Score"/> (a retired version refused; card-fed indicators from the scene's counted cards), with
/// evidence photos through the one attachment store (a file that is not a photo refused, nothing stored).
/// </summary>
public sealed class AssessmentStore(Db db, AttachmentStore files, TimeProvider clock)
{
    public const string PhotoKind = "scene_assessment";
    public const int MaxPhotos = 12;

    public async Task<IReadOnlyList<AssessmentRow>> HistoryAsync(long sceneId)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<AssessmentRow>("""
            SELECT a.id, a.scene_id, a.standard_id, st.name AS standard_name, st.version AS standard_version, a.kind, a.scores,
                   a.total, a.stars, a.note, u.display_name AS assessed_by_name, a.assessed_at
            FROM scene_assessments a JOIN star_standards st ON st.id = a.standard_id LEFT JOIN users u ON u.id = a.assessed_by
            WHERE a.scene_id = @sceneId ORDER BY a.assessed_at DESC, a.id DESC
            """, new { sceneId })).ToList();
        var photos = (await c.QueryAsync<(long Owner, long Id)>(
            "SELECT owner_id, id FROM attachments WHERE owner_kind = @k AND owner_id IN (SELECT id FROM scene_assessments WHERE scene_id = @sceneId) ORDER BY id",
            new { k = PhotoKind, sceneId })).ToLookup(p => p.Owner, p => p.Id);
        foreach (var r in rows) r.Photos = photos[r.Id].ToList();
        return rows;
    }

    /// <summary>Cards that count for a scene (duplicates left out).</summary>
    public static Task<int> CountedCardsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long sceneId) =>
        c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM preference_cards WHERE scene_id = @sceneId AND is_duplicate = FALSE", new { sceneId }, tx);

    public async Task<Result<long>> AssessAsync(long sceneId, long standardId, string kind, IReadOnlyDictionary<string, decimal?> typed,
        string? note, IReadOnlyList<EvidencePhoto> photos, long by)
    {
        if (kind is not ("self" or "expert")) return new Error("Scenes.UnknownKind", kind);
        var cleanNote = SceneStore.Clean(note, SceneTerms.MaxText);
        if (cleanNote.Error is { } noteError) return noteError;
        if (photos.Count > MaxPhotos) return new Error("Scenes.TooManyPhotos", MaxPhotos);
        var prepared = new List<AttachmentFile>();
        foreach (var p in photos)
        {
            var (file, error) = files.Prepare(p.Bytes, p.FileName, AttachmentUses.Images);
            if (file is null) return new Error("Scenes.PhotoRefused", p.FileName, error!);
            prepared.Add(file);
        }
        var standard = await new StandardStore(db, clock).FindAsync(standardId);
        if (standard is null) return new Error("Scenes.UnknownStandard", standardId);
        try
        {
            return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
            {
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM scenes WHERE id = @sceneId", new { sceneId }, tx) == 0)
                    return new Error("Scenes.UnknownScene", sceneId);
                var cards = await CountedCardsAsync(c, tx, sceneId);
                var scored = StarRules.Score(standard.Standard, standard.IsRetired, typed, cards);
                if (!scored.IsOk) return scored.Error!;
                var (result, scores) = scored.Value;
                var now = clock.GetUtcNow();
                var id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO scene_assessments (scene_id, standard_id, kind, scores, total, stars, note, assessed_by, assessed_at)
                    VALUES (@sceneId, @standardId, @kind, @scores, @total, @stars, @note, @by, @now) RETURNING id
                    """, new { sceneId, standardId, kind, scores = JsonSerializer.Serialize(scores), total = (double)result.Total, stars = result.Stars,
                        note = cleanNote.Value, by, now }, tx);
                foreach (var f in prepared) await files.InsertAsync(c, tx, f, PhotoKind, id, null, by);
                await Audit.WriteAsync(c, tx, by, now, "scene", sceneId, "scenes.assess." + kind, null, $"{result.Stars}★ {result.Total}");
                return Result<long>.Ok(id);
            });
        }
        catch (AttachmentRefusedException e) { return new Error("Scenes.PhotoRefused", "", e.Message); }
    }

    /// <summary>The scene an assessment's photo belongs to (for who may download it).</summary>
    public async Task<long?> UnitOfAssessmentAsync(long assessmentId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long?>("SELECT s.unit_id FROM scene_assessments a JOIN scenes s ON s.id = a.scene_id WHERE a.id = @assessmentId", new { assessmentId });
    }
}

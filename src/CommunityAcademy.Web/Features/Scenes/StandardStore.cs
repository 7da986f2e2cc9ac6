using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using System.Data.Common;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed class StandardRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public int Version { get; init; }
    public bool IsSample { get; init; }
    public string Body { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }
    public bool IsRetired => RetiredAt is not null;
    public StarStandard Standard => StandardStore.Parse(Body)!;
}

/// <summary>
/// The star standard's versions (#25 point 1): each version's contents are stored as JSON and never change (organizers
/// type them in a form, <see cref="Domain.Scenes.StandardDraft"/>); a new
/// version is checked by <see cref="StarRules.Check"/> (overlapping thresholds refused); a retired version stays for
/// the assessments made under it but takes no new ones.
/// </summary>
public sealed class StandardStore(Db db, TimeProvider clock)
{
    public const int MaxBody = 200_000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static StarStandard? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxBody) return null;
        try
        {
            var s = JsonSerializer.Deserialize<StarStandard>(body, Json);
            return s is { Dimensions: not null, Thresholds: not null } && s.Dimensions.All(d => d is { Indicators: not null }) ? s : null;
        }
        catch (JsonException) { return null; }
        catch (NotSupportedException) { return null; }
    }

    public static string Write(StarStandard s) => JsonSerializer.Serialize(s, Json);

    private const string Columns = "id, name, version, is_sample, body, created_at, retired_at";

    public async Task<IReadOnlyList<StandardRow>> AllAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<StandardRow>($"SELECT {Columns} FROM star_standards ORDER BY name, version DESC")).ToList();
    }

    public async Task<StandardRow?> FindAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<StandardRow>($"SELECT {Columns} FROM star_standards WHERE id = @id", new { id });
    }

    /// <summary>Stores a new version of <paramref name="name"/> (version = the last + 1) once it passes the rules.</summary>
    public async Task<Result<long>> AddAsync(string name, StarStandard s, bool isSample, long? by, DbConnection? c0 = null, DbTransaction? tx0 = null)
    {
        if (StarRules.Check(s) is { } e) return e;
        async Task<Result<long>> Work(DbConnection c, DbTransaction tx)
        {
            var version = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(version), 0) + 1 FROM star_standards WHERE name = @name", new { name }, tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO star_standards (name, version, is_sample, body, created_at, created_by)
                VALUES (@name, @version, @isSample, @body, @now, @by) RETURNING id
                """, new { name, version, isSample, body = Write(s), now = clock.GetUtcNow(), by }, tx);
            await Audit.WriteAsync(c, tx, by, clock.GetUtcNow(), "star_standard", id, "scenes.standard.add", null, $"{name} v{version}");
            return Result<long>.Ok(id);
        }
        if (c0 is not null) return await Work(c0, tx0!);
        return await db.InTransactionAsync(Work);
    }

    /// <summary>Retires a version: assessments made under it stay, new ones are refused.</summary>
    public async Task<Error?> RetireAsync(long id, long by)
    {
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("UPDATE star_standards SET retired_at = @now WHERE id = @id AND retired_at IS NULL", new { id, now = clock.GetUtcNow() }, tx);
            if (n == 0) return new Error("Scenes.UnknownStandard", id);
            await Audit.WriteAsync(c, tx, by, clock.GetUtcNow(), "star_standard", id, "scenes.standard.retire", null, null);
            return null;
        });
    }
}

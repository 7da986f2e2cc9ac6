using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

public sealed record CardInput(string? Likes, string? Uses, string? Misses, string? AgeGroup);

public sealed class CardAnswer
{
    public long Id { get; init; }
    public string? Likes { get; init; }
    public string? Uses { get; init; }
    public string? Misses { get; init; }
    public string? AgeGroup { get; init; }
    public bool IsDuplicate { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>A scene's card results: counted cards (duplicates left out), by age group, the free answers.</summary>
public sealed record CardResults(int Counted, int Duplicates, IReadOnlyList<(string AgeGroup, int Count)> ByAge, IReadOnlyList<CardAnswer> Answers)
{
    /// <summary>Counted (not duplicate) cards that answered 喜欢 / 常用 / 缺少: the chart and its table.</summary>
    public CardFilled Filled { get; init; } = new(0, 0, 0);
}

public sealed record CardFilled(int Likes, int Uses, int Misses);

/// <summary>
/// Residents' preference identification cards (偏好识别卡, #25 point 4): filled on a phone without an account; the store
/// keeps the device's key (<see cref="Infrastructure.Web.PublicForms.DeviceKey"/>), and a second card of one device for
/// one scene on one local day (北京时间) is kept but flagged and left out of every count. Figures live here — one
/// source for the page, and later the class summary.
/// </summary>
public sealed class CardStore(Db db, TimeProvider clock)
{
    public const int MaxAnswersShown = 500;
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Stores a card; the answer says whether it was a duplicate (kept, not counted).</summary>
    public async Task<Result<bool>> SubmitAsync(long sceneId, string deviceKey, CardInput input)
    {
        foreach (var (field, text) in new[] { ("likes", input.Likes), ("uses", input.Uses), ("misses", input.Misses) })
            if (SceneTerms.CheckAnswer(field, text) is { } e) return e;
        var age = string.IsNullOrWhiteSpace(input.AgeGroup) ? null : input.AgeGroup.Trim();
        if (age is not null && !SceneTerms.AgeGroups.Contains(age)) return new Error("Scenes.UnknownAgeGroup");
        string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var (likes, uses, misses) = (Trim(input.Likes), Trim(input.Uses), Trim(input.Misses));
        if (likes is null && uses is null && misses is null) return new Error("Scenes.EmptyCard");
        if (deviceKey is not { Length: 64 }) return new Error("Scenes.EmptyCard");
        var now = clock.GetUtcNow();
        var day = TimeZoneInfo.ConvertTime(now, Zone).ToString("yyyy-MM-dd");
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var earlier = await c.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM preference_cards WHERE scene_id = @sceneId AND device_key = @deviceKey AND local_day = @day",
                new { sceneId, deviceKey, day }, tx);
            var duplicate = SceneTerms.IsDuplicate(earlier);
            await c.ExecuteAsync("""
                INSERT INTO preference_cards (scene_id, likes, uses, misses, age_group, device_key, local_day, is_duplicate, submitted_at)
                VALUES (@sceneId, @likes, @uses, @misses, @age, @deviceKey, @day, @duplicate, @now)
                """, new { sceneId, likes, uses, misses, age, deviceKey, day, duplicate, now }, tx);
            return Result<bool>.Ok(duplicate);
        });
    }

    public async Task<CardResults> ResultsAsync(long sceneId)
    {
        await using var c = await db.OpenAsync();
        var counts = (await c.QueryAsync<(bool Duplicate, long N)>(
            "SELECT is_duplicate, COUNT(*) FROM preference_cards WHERE scene_id = @sceneId GROUP BY is_duplicate", new { sceneId })).ToList();
        var byAge = (await c.QueryAsync<(string? Age, long N)>("""
            SELECT age_group, COUNT(*) FROM preference_cards WHERE scene_id = @sceneId AND is_duplicate = FALSE GROUP BY age_group
            """, new { sceneId })).Select(x => (x.Age ?? "", (int)x.N))
            .OrderBy(x => SceneTerms.AgeGroups.ToList().IndexOf(x.Item1) is var i && i < 0 ? 99 : i).ToList();
        var answers = (await c.QueryAsync<CardAnswer>($"""
            SELECT id, likes, uses, misses, age_group, is_duplicate, submitted_at FROM preference_cards
            WHERE scene_id = @sceneId ORDER BY submitted_at DESC, id DESC LIMIT {MaxAnswersShown}
            """, new { sceneId })).ToList();
        var filled = await c.QuerySingleAsync<(long Likes, long Uses, long Misses)>("""
            SELECT COALESCE(SUM(CASE WHEN likes IS NOT NULL AND likes <> '' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN uses IS NOT NULL AND uses <> '' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN misses IS NOT NULL AND misses <> '' THEN 1 ELSE 0 END), 0)
            FROM preference_cards WHERE scene_id = @sceneId AND is_duplicate = FALSE
            """, new { sceneId });
        return new CardResults((int)counts.Where(x => !x.Duplicate).Sum(x => x.N), (int)counts.Where(x => x.Duplicate).Sum(x => x.N), byAge, answers)
        { Filled = new CardFilled((int)filled.Likes, (int)filled.Uses, (int)filled.Misses) };
    }
}

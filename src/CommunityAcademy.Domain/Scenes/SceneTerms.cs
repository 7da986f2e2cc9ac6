namespace CommunityAcademy.Domain.Scenes;

/// <summary>The five kinds of community resources (人 文 地 产 景) and a community brand's six traits.</summary>
public static class SceneTerms
{
    /// <summary>人 (能人, 骨干), 文, 地, 产, 景.</summary>
    public static readonly IReadOnlyList<string> ResourceKinds = ["人", "文", "地", "产", "景"];
    public static readonly IReadOnlyList<string> PeopleSubkinds = ["能人", "骨干"];

    /// <summary>差异化、系列化、精细化、参与度、满意度、影响广 (seed 002), stored by these keys.</summary>
    public static readonly IReadOnlyList<string> BrandTraits = ["differentiated", "serial", "refined", "participation", "satisfaction", "reach"];

    /// <summary>A preference card's age groups.</summary>
    public static readonly IReadOnlyList<string> AgeGroups = ["under18", "18to35", "36to59", "60plus"];

    public const int MaxCardAnswer = 500;
    public const int MaxText = 4000;
    public const int MaxShort = 200;

    /// <summary>"人/能人" → (人, 能人); "文" → (文, null); anything else → null.</summary>
    public static (string Kind, string? Subkind)? ParseKind(string? value)
    {
        var v = (value ?? "").Trim();
        var slash = v.IndexOf('/');
        var kind = slash < 0 ? v : v[..slash];
        var sub = slash < 0 ? null : v[(slash + 1)..].Trim();
        if (!ResourceKinds.Contains(kind)) return null;
        if (sub is { Length: 0 }) sub = null;
        if (sub is not null && (kind != "人" || sub.Length > 20)) return null;
        return (kind, sub);
    }

    /// <summary>
    /// Whether a card is a second one from the same device for the same scene on the same local day: the earlier cards
    /// of that (device, scene, day) — the first counts, later ones are flagged and left out of counts.
    /// </summary>
    public static bool IsDuplicate(int earlierCardsSameDeviceSceneDay) => earlierCardsSameDeviceSceneDay > 0;

    /// <summary>A free answer cut to its limit (a 100,000-character answer is refused by the form before this).</summary>
    public static Error? CheckAnswer(string field, string? text, int max = MaxCardAnswer) =>
        text is not null && text.Length > max ? new Error("Scenes.AnswerTooLong", field, max) : null;
}

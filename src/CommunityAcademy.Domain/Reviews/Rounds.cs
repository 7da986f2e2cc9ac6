namespace CommunityAcademy.Domain.Reviews;

/// <summary>A named round (提出, 讨论 …) of a submission's review, open from <see cref="Opens"/> to <see cref="Closes"/>
/// (either may be unset: open since ever / until closed by hand).</summary>
public sealed record ReviewRound(int Number, string Name, DateTimeOffset? Opens, DateTimeOffset? Closes, bool ClosedByHand = false)
{
    public bool IsOpen(DateTimeOffset now) => !ClosedByHand && (Opens is null || now >= Opens) && (Closes is null || now < Closes);
}

/// <summary>The rounds of a review and what they allow.</summary>
public static class Rounds
{
    /// <summary>Seed 002's rounds: 提出—讨论—优化—细化—修改 (editable per review).</summary>
    public static readonly IReadOnlyList<string> DefaultNames = ["提出", "讨论", "优化", "细化", "修改"];

    /// <summary>The round open at <paramref name="now"/> (the latest if several), or null.</summary>
    public static ReviewRound? Current(IEnumerable<ReviewRound> rounds, DateTimeOffset now) =>
        rounds.Where(r => r.IsOpen(now)).OrderByDescending(r => r.Number).FirstOrDefault();

    /// <summary>An owner may hand in a version only while a round is open.</summary>
    public static Error? CanSubmitVersion(IEnumerable<ReviewRound> rounds, DateTimeOffset now) =>
        Current(rounds, now) is null ? new Error("Review.RoundClosed") : null;

    /// <summary>
    /// A reviewer may score (or change a score) only in an open round, and only their own score:
    /// the checks in the order a person meets them.
    /// </summary>
    public static Error? CanScore(IEnumerable<ReviewRound> rounds, DateTimeOffset now, bool isAssigned, long scoreOwnerId, long reviewerId)
    {
        if (!isAssigned) return new Error("Review.NotAssigned");
        if (scoreOwnerId != reviewerId) return new Error("Review.NotYourScore");
        return Current(rounds, now) is null ? new Error("Review.RoundClosed") : null;
    }

    /// <summary>Round names as typed (one per line or separated by 、 — ，,): trimmed, none empty, 1 to 10, each at most 20 characters.</summary>
    public static Result<IReadOnlyList<string>> ParseNames(string? text)
    {
        var names = (text ?? "").Split(['\n', '、', '—', '，', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (names.Count is 0 or > 10) return new Error("Review.RoundCount");
        if (names.FirstOrDefault(n => n.Length > 20) is { } longName) return new Error("Review.RoundName", longName);
        if (names.Distinct().Count() != names.Count) return new Error("Review.RoundDuplicate");
        return Result<IReadOnlyList<string>>.Ok(names);
    }
}

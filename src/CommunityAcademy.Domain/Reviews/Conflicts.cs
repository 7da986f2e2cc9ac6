namespace CommunityAcademy.Domain.Reviews;

/// <summary>
/// Conflicts of interest by the unit tree, with units as materialised paths ("/1/5/9/", as the units table keeps them):
/// a reviewer of a unit never scores a submission whose owner — a trainee, or any member of a group — is in that unit,
/// its subtree or its ancestors. A reviewer without a unit has no conflict by unit.
/// </summary>
public static class Conflicts
{
    /// <summary>True when one path is the other or lies under it.</summary>
    public static bool Related(string a, string b) =>
        a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);

    /// <summary>The first owner unit path the reviewer's unit conflicts with; null when none.</summary>
    public static string? Between(string? reviewerUnitPath, IEnumerable<string?> ownerUnitPaths) =>
        reviewerUnitPath is null ? null : ownerUnitPaths.FirstOrDefault(p => p is not null && Related(reviewerUnitPath, p));
}

/// <summary>A reviewer for assignment: id, unit path (null: none) and what they already have.</summary>
public sealed record Reviewer(long Id, string Name, string? UnitPath, int Load = 0);

/// <summary>A submission to assign: id, the unit paths of its owners, and the reviewers it already has.</summary>
public sealed record ToAssign(long Id, IReadOnlyList<string?> OwnerUnitPaths, IReadOnlyList<long> Assigned);

/// <summary>The assignment: new (submission, reviewer) pairs, and submissions left short (not enough reviewers without a conflict).</summary>
public sealed record Assignment(IReadOnlyList<(long Submission, long Reviewer)> Pairs, IReadOnlyList<(long Submission, int Missing)> Short);

public static class Assigner
{
    /// <summary>
    /// Gives each submission <paramref name="perSubmission"/> reviewers, spreading the load: each pick is the reviewer
    /// without a conflict, not yet on it, with the fewest assignments (then the lowest id, so the result is stable).
    /// Submissions with the fewest possible reviewers are served first, so a scarce reviewer goes where needed.
    /// </summary>
    public static Assignment Spread(IReadOnlyList<ToAssign> submissions, IReadOnlyList<Reviewer> reviewers, int perSubmission)
    {
        var load = reviewers.ToDictionary(r => r.Id, r => r.Load);
        var eligible = submissions.ToDictionary(s => s.Id,
            s => reviewers.Where(r => !s.Assigned.Contains(r.Id) && Conflicts.Between(r.UnitPath, s.OwnerUnitPaths) is null).ToList());
        var pairs = new List<(long, long)>();
        var shortOf = new List<(long, int)>();
        foreach (var s in submissions.OrderBy(s => eligible[s.Id].Count).ThenBy(s => s.Id))
        {
            var need = Math.Max(0, perSubmission - s.Assigned.Count);
            var picks = eligible[s.Id].OrderBy(r => load[r.Id]).ThenBy(r => r.Id).Take(need).ToList();
            foreach (var r in picks) { pairs.Add((s.Id, r.Id)); load[r.Id]++; }
            if (picks.Count < need) shortOf.Add((s.Id, need - picks.Count));
        }
        return new Assignment(pairs, shortOf);
    }

    /// <summary>Null when <paramref name="reviewer"/> may be assigned to a submission owned in <paramref name="ownerUnitPaths"/>; else the rule.</summary>
    public static Error? Check(Reviewer reviewer, IEnumerable<string?> ownerUnitPaths) =>
        Conflicts.Between(reviewer.UnitPath, ownerUnitPaths) is { } path ? new Error("Review.Conflict", reviewer.Name, path) : null;
}

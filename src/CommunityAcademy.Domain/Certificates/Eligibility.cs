namespace CommunityAcademy.Domain.Certificates;

/// <summary>
/// A class's rule for 结业证书 (#22 point 1), any combination: the attendance rate at least <see cref="MinAttendancePercent"/>
/// (0–100; null: no such rule), no 擅自离开 at all, every practice task of the class accepted, the class score at least
/// <see cref="MinScore"/> (0–100; null: no such rule), the class's online items completed — at least
/// <see cref="MinOnlinePercent"/> % of them (1–100; 100: every one; null: no such rule). All off: every active trainee is eligible.
/// </summary>
public sealed record CertificateRule(int? MinAttendancePercent, bool NoDepartures, bool TasksAccepted, decimal? MinScore, int? MinOnlinePercent = null)
{
    public static readonly CertificateRule Default = new(null, false, false, null);

    /// <summary>The first value out of range, or null.</summary>
    public Error? Check()
    {
        if (MinAttendancePercent is < 0 or > 100) return new Error("Certificate.BadPercent", MinAttendancePercent.Value);
        if (MinScore is < 0 or > 100) return new Error("Certificate.BadScore", MinScore.Value);
        if (MinOnlinePercent is < 1 or > 100) return new Error("Certificate.BadOnlinePercent", MinOnlinePercent.Value);
        return null;
    }
}

/// <summary>
/// What the rule looks at for one trainee: the attendance rate (0–1, as the statistics count it), the number of 擅自离开,
/// the class's practice tasks and how many of them this trainee had accepted, the class score (0–100), the class's online
/// items and the share (0–1) of them this trainee completed.
/// </summary>
public sealed record CertificateCandidate(long EnrollmentId, string Name, decimal AttendanceRate, int Departures,
    int TasksAccepted, int TasksTotal, decimal Score, int OnlineItems = 0, decimal OnlineShare = 0m);

/// <summary>A trainee judged: eligible when <see cref="Reasons"/> is empty; otherwise each rule broken, in the rule's order.</summary>
public sealed record CertificateJudgement(CertificateCandidate Candidate, IReadOnlyList<Error> Reasons)
{
    public bool Eligible => Reasons.Count == 0;
}

public static class CertificateEligibility
{
    /// <summary>
    /// Every rule this trainee breaks, as resource keys with arguments: Certificate.Why.Attendance (rate %, minimum %),
    /// Certificate.Why.Departures (count), Certificate.Why.Tasks (not accepted, total), Certificate.Why.Score (score, minimum),
    /// Certificate.Why.Online (completed, items, completed %, minimum %). The rates are compared in whole hundredths of a
    /// percent (0.8333 is 83.33 %, below 83.34 and not below 83). A class without online items meets the online rule.
    /// </summary>
    public static IReadOnlyList<Error> Reasons(CertificateRule rule, CertificateCandidate x)
    {
        var why = new List<Error>();
        var percent = Math.Round(Math.Clamp(x.AttendanceRate, 0m, 1m) * 100m, 2, MidpointRounding.AwayFromZero);
        if (rule.MinAttendancePercent is { } min && percent < min)
            why.Add(new Error("Certificate.Why.Attendance", percent.ToString("0.##"), min));
        if (rule.NoDepartures && x.Departures > 0)
            why.Add(new Error("Certificate.Why.Departures", x.Departures));
        if (rule.TasksAccepted && x.TasksAccepted < x.TasksTotal)
            why.Add(new Error("Certificate.Why.Tasks", x.TasksTotal - x.TasksAccepted, x.TasksTotal));
        if (rule.MinScore is { } s && x.Score < s)
            why.Add(new Error("Certificate.Why.Score", x.Score.ToString("0.00"), s.ToString("0.##")));
        if (rule.MinOnlinePercent is { } o && x.OnlineItems > 0)
        {
            var share = Math.Clamp(x.OnlineShare, 0m, 1m);
            var online = Math.Round(share * 100m, 2, MidpointRounding.AwayFromZero);
            if (online < o)
                why.Add(new Error("Certificate.Why.Online", (int)Math.Round(share * x.OnlineItems, MidpointRounding.AwayFromZero), x.OnlineItems,
                    online.ToString("0.##"), o));
        }
        return why;
    }

    /// <summary>Every trainee judged: the eligible first, then the others, each group by name (ordinal), as given otherwise.</summary>
    public static IReadOnlyList<CertificateJudgement> Judge(CertificateRule rule, IEnumerable<CertificateCandidate> candidates) =>
        candidates.Select(c => new CertificateJudgement(c, Reasons(rule, c)))
            .OrderBy(j => j.Eligible ? 0 : 1).ThenBy(j => j.Candidate.Name, StringComparer.Ordinal).ToList();
}

namespace CommunityAcademy.Domain.Scores;

/// <summary>The parts a class score is made of.</summary>
public enum ScorePart { Attendance, Tasks, Plan, Online }

/// <summary>
/// A class's score formula (#19): integer weights of the four parts summing to 100, and the disqualifying rules —
/// more than <see cref="MaxDepartures"/> 擅自离开, more than <see cref="MaxAbsences"/> 缺勤 (counting lates and early
/// leaves converted under the class's thresholds); null: no such rule. The online weight may be above 0 only for a class
/// with online items (#21: live courses, case pushes, theme courses). <see cref="PlanReviewId"/>: the plan review whose aggregate is the plan part (null: none counted).
/// </summary>
public sealed record ScoreFormula(int Attendance, int Tasks, int Plan, int Online, int? MaxDepartures, int? MaxAbsences, long? PlanReviewId = null)
{
    /// <summary>Until the organizer sets one: 40 / 40 / 20 / 0, any 擅自离开 disqualifies.</summary>
    public static readonly ScoreFormula Default = new(40, 40, 20, 0, 0, null);

    public const int MaxLimit = 1000;

    public int Weight(ScorePart p) => p switch
    {
        ScorePart.Attendance => Attendance,
        ScorePart.Tasks => Tasks,
        ScorePart.Plan => Plan,
        _ => Online,
    };

    /// <summary>The first rule broken, or null: each weight 0–100, online 0 unless the class has online items
    /// (<paramref name="onlineItems"/>: how many it has), the sum 100, limits 0–1000.</summary>
    public Error? Check(int onlineItems = 0)
    {
        foreach (var p in Enum.GetValues<ScorePart>())
            if (Weight(p) is < 0 or > 100) return new Error("Score.WeightOutOfRange", p.ToString(), Weight(p));
        if (onlineItems <= 0 && Online != 0) return new Error("Score.OnlineWithoutItems", Online);
        var sum = Attendance + Tasks + Plan + Online;
        if (sum != 100) return new Error("Score.WeightsSum", sum);
        if (MaxDepartures is < 0 or > MaxLimit) return new Error("Score.BadLimit", MaxDepartures.Value);
        if (MaxAbsences is < 0 or > MaxLimit) return new Error("Score.BadLimit", MaxAbsences.Value);
        return null;
    }
}

/// <summary>
/// What one trainee's score is made of: the attendance rate (0–1, <c>DisciplineTally.Rate</c>), the aggregate of each of
/// the class's task reviews (0–100; null: the trainee's task has no counted score), the plan aggregate of their working
/// group (null: no group, no plan review or not scored), the discipline counts the rules look at, and the share (0–1) of
/// the class's online items the trainee completed (null: the class has no online items).
/// </summary>
public sealed record ScoreInputs(decimal AttendanceRate, IReadOnlyList<decimal?> Tasks, decimal? Plan, int Departures, int EffectiveAbsences,
    decimal? OnlineShare = null);

/// <summary>One part of a score: its value on 0–100 (null: not available), weight and contribution (value × weight / 100,
/// two decimals); <see cref="Unscored"/>: how many tasks had no score and counted 0.</summary>
public sealed record PartScore(ScorePart Part, decimal? Value, int Weight, decimal Contribution, int Unscored = 0, int Of = 0);

/// <summary>A trainee's class score: the sum of the contributions, the parts, and why it is disqualified (empty: it is not).</summary>
public sealed record ClassScoreResult(decimal Total, IReadOnlyList<PartScore> Parts, IReadOnlyList<Error> Disqualified)
{
    public bool IsDisqualified => Disqualified.Count > 0;
}

public static class ClassScores
{
    /// <summary>
    /// The score under <paramref name="f"/>: attendance = rate × 100; tasks = the mean over the class's task reviews, a
    /// task without a counted score counting 0 (no task reviews: 0); plan = the group's aggregate, 0 without one; online =
    /// the share of the class's online items completed × 100 (a class without online items: not available, contributing 0). Each contribution is rounded to two decimals (half away from zero) and the total is their sum, so
    /// the parts shown add up to it. Disqualified: each rule broken, the total still shown.
    /// </summary>
    public static ClassScoreResult Compute(ScoreFormula f, ScoreInputs x)
    {
        // plain loops and one object per part: a class of 20,000 is scored on every view of its scores
        var attendance = Math.Round(Math.Clamp(x.AttendanceRate, 0m, 1m) * 100m, 2, MidpointRounding.AwayFromZero);
        var (unscored, sum) = (0, 0m);
        for (var i = 0; i < x.Tasks.Count; i++)
            if (x.Tasks[i] is { } t) sum += t;
            else unscored++;
        var tasks = x.Tasks.Count == 0 ? 0m : sum / x.Tasks.Count;
        var plan = x.Plan ?? 0m;
        PartScore[] parts =
        [
            Part(ScorePart.Attendance, attendance, f.Attendance),
            Part(ScorePart.Tasks, tasks, f.Tasks, unscored, x.Tasks.Count),
            Part(ScorePart.Plan, plan, f.Plan, x.Plan is null ? 1 : 0, 1),
            x.OnlineShare is { } share
                ? Part(ScorePart.Online, Math.Clamp(share, 0m, 1m) * 100m, f.Online)
                : new(ScorePart.Online, null, f.Online, 0m),
        ];
        IReadOnlyList<Error> why = [];
        if (f.MaxDepartures is { } d && x.Departures > d) why = [.. why, new Error("Score.TooManyDepartures", x.Departures, d)];
        if (f.MaxAbsences is { } a && x.EffectiveAbsences > a) why = [.. why, new Error("Score.TooManyAbsences", x.EffectiveAbsences, a)];
        return new ClassScoreResult(parts[0].Contribution + parts[1].Contribution + parts[2].Contribution + parts[3].Contribution, parts, why);
    }

    private static PartScore Part(ScorePart p, decimal value, int weight, int unscored = 0, int of = 0)
    {
        value = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return new(p, value, weight, Math.Round(value * weight / 100m, 2, MidpointRounding.AwayFromZero), unscored, of);
    }
}

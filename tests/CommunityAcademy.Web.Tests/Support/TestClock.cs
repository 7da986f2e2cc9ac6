namespace CommunityAcademy.Web.Tests.Support;

/// <summary>A clock the test moves by hand (deadlines, lock-outs); starts at the real now.</summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>CA_TEST_NOW (an ISO instant) runs the tests at a chosen time of day, e.g. near midnight in 北京时间.</summary>
    private static readonly DateTimeOffset? Chosen = Environment.GetEnvironmentVariable("CA_TEST_NOW") is { Length: > 0 } start
        ? DateTimeOffset.Parse(start, global::System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime() : null;

    /// <summary>The moment the tests start from: CA_TEST_NOW if set, else the real time.</summary>
    public static DateTimeOffset Start => Chosen ?? DateTimeOffset.UtcNow;

    private DateTimeOffset _now = Start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Set(DateTimeOffset now) => _now = now.ToUniversalTime();
    public void Advance(TimeSpan by) => _now += by;

    /// <summary>Back to <see cref="Start"/>, cut to whole units of <paramref name="unit"/> (a second unless told).</summary>
    public void Reset(TimeSpan? unit = null)
    {
        var ticks = (unit ?? TimeSpan.FromSeconds(1)).Ticks;
        var start = Start.UtcTicks;
        _now = new DateTimeOffset(start - start % ticks, TimeSpan.Zero);
    }
}

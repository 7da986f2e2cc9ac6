namespace CommunityAcademy.Web.Tests.Support;

/// <summary>A clock the test moves by hand (deadlines, lock-outs); starts at the real now.</summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>The real time, or CA_TEST_NOW (an ISO instant) to run the tests at a chosen time of day, e.g. near midnight in 北京时间.</summary>
    private DateTimeOffset _now = Environment.GetEnvironmentVariable("CA_TEST_NOW") is { Length: > 0 } start
        ? DateTimeOffset.Parse(start, global::System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime() : DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Set(DateTimeOffset now) => _now = now.ToUniversalTime();
    public void Advance(TimeSpan by) => _now += by;
}

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>A clock the test moves by hand (deadlines, lock-outs); starts at the real now.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Set(DateTimeOffset now) => _now = now.ToUniversalTime();
    public void Advance(TimeSpan by) => _now += by;
}

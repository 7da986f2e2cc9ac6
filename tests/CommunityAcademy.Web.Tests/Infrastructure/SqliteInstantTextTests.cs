using CommunityAcademy.Web.Infrastructure.Data;
using Microsoft.Data.Sqlite;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>The sign-in writer formats instants itself: the text must be exactly what Microsoft.Data.Sqlite stores.</summary>
public class SqliteInstantTextTests
{
    public static TheoryData<string> Instants => new()
    {
        "2026-11-21T08:00:00+00:00",            // whole seconds: no fraction, no point
        "2026-11-21T08:00:00.1000000+00:00",    // trailing zeros dropped
        "2026-11-21T08:00:00.0000001+00:00",
        "2026-11-21T08:00:00.1234567+00:00",
        "2026-11-21T16:00:00.5+08:00",          // another zone: stored in UTC
        "0999-01-02T03:04:05+00:00",
        "9999-12-31T23:59:59.9999999+00:00",
    };

    [Theory, MemberData(nameof(Instants))]
    public void Equals_what_Microsoft_Data_Sqlite_stores(string instant)
    {
        var t = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Stored(t.ToUniversalTime()), SqliteDialect.InstantText(t));
    }

    [Fact]
    public void Equals_what_Microsoft_Data_Sqlite_stores_for_random_instants()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 2000; i++)
        {
            var ticks = random.NextInt64(DateTimeOffset.UnixEpoch.Ticks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks);
            // a third whole seconds and a third whole milliseconds, as the application's instants usually are
            ticks -= (i % 3) switch { 0 => ticks % TimeSpan.TicksPerSecond, 1 => ticks % TimeSpan.TicksPerMillisecond, _ => 0 };
            var t = new DateTimeOffset(ticks, TimeSpan.Zero);
            Assert.Equal(t.ToString(SqliteDialect.InstantFormat, System.Globalization.CultureInfo.InvariantCulture), SqliteDialect.InstantText(t));
        }
    }

    /// <summary>What a DateTimeOffset parameter becomes in SQLite.</summary>
    private static string Stored(DateTimeOffset t)
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT $t";
        cmd.Parameters.AddWithValue("$t", t);
        return (string)cmd.ExecuteScalar()!;
    }
}

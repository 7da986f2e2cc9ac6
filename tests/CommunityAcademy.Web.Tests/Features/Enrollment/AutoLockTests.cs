using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

public sealed class SqliteAutoLock() : TestApp("sqlite");
public sealed class PostgresAutoLock() : TestApp("postgres");

/// <summary>At the deadline receipts close by themselves; the roster locks and trainees get accounts; a reopen holds.</summary>
public abstract class AutoLockTests(TestApp app)
{
    private const string Committee = "主任及分管的“两委”成员";

    [Fact]
    public async Task Receipts_close_at_the_end_of_the_deadline_day_in_the_class_zone()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string name) => units.Single(u => u.Value<string>("name") == name).Value<long>("id");
        // Now is 2031-03-01 10:00 in Shanghai; the deadline is that day.
        app.Clock.Set(new DateTimeOffset(2031, 3, 1, 2, 0, 0, TimeSpan.Zero));
        app.ForgetTokens();
        var r = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "自动锁定", title = "自动锁定班", startDate = "2031-03-10", endDate = "2031-03-11", receiptDeadline = "2031-03-01",
            categories = new[] { new { category = "trainee", headcount = 2 } },
            quotas = new[] { new { unitId = id("滨湖社区"), position = Committee, places = 2 } },
            submitters = new[] { new { scopeUnitId = id("鄂城区"), submitterUnitId = id("鄂城区民政局") } },
        });
        var cohort = (await r.ReadJsonAsync()).Value<long>("id");
        var contact = await app.Api("contact-echeng");
        var form = await contact.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form",
            new { rows = new[] { new { unit = "滨湖社区", name = "准时", position = Committee, phone = "13811110000", idNumber = "11010519491231002X" } } });
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.False((await form.ReadJsonAsync()).Value<bool>("late"));

        // 16:00 UTC is midnight in Shanghai: the deadline day is over.
        app.Clock.Set(new DateTimeOffset(2031, 3, 1, 16, 0, 1, TimeSpan.Zero));
        app.ForgetTokens();
        contact = await app.Api("contact-echeng");
        var closed = await contact.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form",
            new { rows = new[] { new { unit = "滨湖社区", name = "迟到", position = Committee, phone = "13811110001" } } });
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);

        var locked = await app.Get<RosterService>().AutoLockDueAsync();
        Assert.Contains(cohort, locked);
        Assert.DoesNotContain(cohort, await app.Get<RosterService>().AutoLockDueAsync());
        var roster = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync();
        Assert.True(roster.Value<bool>("locked"));
        Assert.Equal("13811110000", Assert.Single(roster["trainees"]!.AsArray())!.Value<string>("username"));
        var codes = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/codes")).ReadJsonAsync();
        await app.TokenAsync("13811110000", Assert.Single(codes["trainees"]!.AsArray())!.Value<string>("code")!); // the slip's one-time code

        // The organizer reopens: late receipts are taken, and marked late.
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/unlock", new { reason = "补报" })).StatusCode);
        Assert.Empty(await app.Get<RosterService>().AutoLockDueAsync());
        var late = await contact.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form",
            new { rows = new[] { new { unit = "滨湖社区", name = "迟到", position = Committee, phone = "13811110001" } } });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.True((await late.ReadJsonAsync()).Value<bool>("late"));
    }
}

public sealed class AutoLockTests_Sqlite(SqliteAutoLock app) : AutoLockTests(app), IClassFixture<SqliteAutoLock>;
public sealed class AutoLockTests_Postgres(PostgresAutoLock app) : AutoLockTests(app), IClassFixture<PostgresAutoLock>;

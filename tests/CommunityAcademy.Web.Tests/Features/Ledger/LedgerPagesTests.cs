using System.Net;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Ledger;

/// <summary>
/// The ledger's pages (#21 points 4, 6): the class's page with its rule (organizers change it; head teachers read), the
/// trainee's own ledger on the phone, a unit's year (a contact's own subtree only), the .xlsx exports (numbers as hours,
/// the account masked for a unit contact), the merge page (administrators; a merge asks first).
/// </summary>
public abstract class LedgerPagesTests(TestApp app)
{
    private const long Seed000 = 1;

    private async Task PrepareAsync()
    {
        await app.Get<AttendanceSettlement>().SettleDueAsync(Seed000);
        await app.Get<LedgerStore>().RefreshAsync(Seed000, force: true);
    }

    [Fact]
    public async Task The_class_page_shows_every_trainees_hours_and_the_organizer_changes_the_rule()
    {
        await PrepareAsync();
        var organizer = await app.Browser("organizer");
        var page = await (await organizer.GetAsync($"/Ledger/{Seed000}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"ledger-table\"", page);
        Assert.Contains(">23.5<", page);
        Assert.Contains(">19.5<", page);
        Assert.Contains("id=\"save-rule\"", page);

        var headteacher = await app.Browser("headteacher");
        var read = await headteacher.GetAsync($"/Ledger/{Seed000}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("id=\"save-rule\"", await read.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser(Seed004.Organizer)).GetAsync($"/Ledger/{Seed000}")).StatusCode);
        Assert.Contains("/Accounts/AccessDenied", (await (await app.Browser("t001")).GetAsync($"/Ledger/{Seed000}")).Headers.Location!.ToString());

        var bad = await TestApp.PostFormAsync(organizer, $"/Ledger/{Seed000}", new() { ["Late"] = "full", ["EarlyLeave"] = "half" }, "Rule");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        try
        {
            var ok = await TestApp.PostFormAsync(organizer, $"/Ledger/{Seed000}", new() { ["Late"] = "full", ["EarlyLeave"] = "proportional" }, "Rule");
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Contains(">23.2<", await (await organizer.GetAsync($"/Ledger/{Seed000}")).Content.ReadAsStringAsync()); // t005: 19.5 + 3.7
        }
        finally
        {
            await TestApp.PostFormAsync(organizer, $"/Ledger/{Seed000}", new() { ["Late"] = "full", ["EarlyLeave"] = "full" }, "Rule");
        }
        var refused = await TestApp.PostFormAsync(headteacher, $"/Ledger/{Seed000}", new() { ["Late"] = "full", ["EarlyLeave"] = "full" }, "Rule");
        Assert.Contains("/Accounts/AccessDenied", refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_class_export_has_the_hours_as_numbers()
    {
        await PrepareAsync();
        var r = await (await app.Browser("organizer")).GetAsync($"/Ledger/{Seed000}?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var rows = Workbooks.Read(await r.Content.ReadAsByteArrayAsync());
        var header = rows.FindIndex(x => x.Cells.Contains("合计学时"));
        Assert.True(header >= 0);
        var body = rows.Skip(header + 1).ToList();
        Assert.Equal(90, body.Count);
        Assert.Equal(2, body.Count(x => x.Cells[^1] == "19.5"));
        Assert.Equal(88, body.Count(x => x.Cells[^1] == "23.5"));
    }

    [Fact]
    public async Task A_trainee_reads_their_hours_on_the_phone()
    {
        await PrepareAsync();
        var t002 = await app.Browser("t002");
        var page = await (await t002.GetAsync("/Me/Ledger")).Content.ReadAsStringAsync();
        Assert.Contains("data-year=\"2023\"", page);
        Assert.Contains("19.5", page);
        await using var c = await app.Get<Db>().OpenAsync();
        var t003 = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = 't003'");
        Assert.Equal(HttpStatusCode.NotFound, (await t002.GetAsync($"/Ledger/Person/{t003}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("headteacher")).GetAsync($"/Ledger/Person/{t003}")).StatusCode);
    }

    [Fact]
    public async Task A_unit_contact_sees_its_subtrees_year_and_no_other_unit()
    {
        await PrepareAsync();
        await using var c = await app.Get<Db>().OpenAsync();
        var huarong = await c.ExecuteScalarAsync<long>("SELECT id FROM units WHERE name = '华容区'");
        var contact = await app.Browser("contact-echeng");
        var page = await contact.GetAsync("/Ledger/Unit?year=2023");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"unit-table\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/Ledger/Unit?unit={huarong}&year=2023")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await contact.GetAsync("/Ledger/Unit?year=1")).StatusCode);
        Assert.Contains("/Accounts/AccessDenied", (await (await app.Browser("t001")).GetAsync("/Ledger/Unit")).Headers.Location!.ToString());
        var xlsx = await contact.GetAsync("/Ledger/Unit?handler=Xlsx&year=2023");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = Workbooks.Read(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows, x => x.Cells.Count > 0 && x.Cells[0] == "合计");
        // the accounts are mobile numbers: a unit contact reads them masked
        Assert.DoesNotContain(rows, x => x.Cells.Any(cell => System.Text.RegularExpressions.Regex.IsMatch(cell ?? "", "^1[3-9][0-9]{9}$")));
    }

    [Fact]
    public async Task The_merge_page_is_the_administrators_and_a_merge_asks_first()
    {
        var admin = await app.Browser("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Ledger/Merges")).StatusCode);
        Assert.Contains("/Accounts/AccessDenied", (await (await app.Browser("contact-echeng")).GetAsync("/Ledger/Merges")).Headers.Location!.ToString());
        Assert.Contains("/Accounts/AccessDenied", (await (await app.Browser(Seed004.Organizer)).GetAsync("/Ledger/Merges")).Headers.Location!.ToString());
        var refused = await TestApp.PostFormAsync(admin, "/Ledger/Merges", new() { ["KeepUserId"] = "1", ["MergeUserId"] = "2" }, "Merge");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }
}

public sealed class LedgerPagesTests_Sqlite(SqliteDemo app) : LedgerPagesTests(app), IClassFixture<SqliteDemo>;
public sealed class LedgerPagesTests_Postgres(PostgresDemo app) : LedgerPagesTests(app), IClassFixture<PostgresDemo>;

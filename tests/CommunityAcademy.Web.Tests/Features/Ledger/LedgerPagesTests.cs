using System.Net;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
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

    // ---- ledger integration: the certificates on a person's ledger, and the links to the ledger's pages

    private async Task<long> UserIdAsync(string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = @username", new { username });
    }

    [Fact]
    public async Task A_persons_ledger_lists_their_certificates_valid_or_revoked_with_the_own_download_link_on_their_own_page()
    {
        await PrepareAsync();
        var cohort = await ScalarAsync("SELECT id FROM cohorts WHERE title = @t", new { t = SeedCertificates.Seed000Title });
        var t004 = await UserIdAsync("t004");
        var enrollment = await ScalarAsync("SELECT id FROM enrollments WHERE cohort_id = @cohort AND user_id = @t004", new { cohort, t004 });
        var certificates = app.Get<CertificateStore>();
        var cert = (await certificates.MineAsync(cohort, enrollment))!;
        var trainee = await app.Browser("t004");
        var mine = WebUtility.HtmlDecode(await (await trainee.GetAsync("/Me/Ledger")).Content.ReadAsStringAsync());
        Assert.Contains("id=\"ledger-certificates\"", mine);
        Assert.Contains($"data-certificate=\"{cert.Id}\" data-state=\"valid\"", mine);
        Assert.Contains(cert.Serial, mine);
        Assert.Contains(cert.IssueDate.ToString("yyyy-MM-dd"), mine);
        Assert.Contains(SeedCertificates.Seed000Title, mine);
        Assert.Contains($"href=\"/Me/Certificate/{cohort}\"", mine);
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync($"/Me/Certificate/{cohort}")).StatusCode);
        // the class's head teacher reads it on the person's ledger, without the trainee's own link; another office does not
        var staff = WebUtility.HtmlDecode(await (await (await app.Browser("headteacher")).GetAsync($"/Ledger/Person/{t004}")).Content.ReadAsStringAsync());
        Assert.Contains(cert.Serial, staff);
        Assert.DoesNotContain("/Me/Certificate/", staff);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser(Seed004.Organizer)).GetAsync($"/Ledger/Person/{t004}")).StatusCode);
        // t003, who left without permission, has none
        Assert.Contains("id=\"ledger-no-certificates\"", await (await (await app.Browser("t003")).GetAsync("/Me/Ledger")).Content.ReadAsStringAsync());

        // revoked, then reissued: both listed, the old one revoked (no link), the new one valid
        var organizer = new CurrentUser(await UserIdAsync("organizer"), "organizer", "organizer", new HashSet<string> { Role.Organizer }, null);
        var reissued = await certificates.ReissueAsync(organizer, cohort, cert.Id, "姓名有误");
        Assert.True(reissued.IsOk);
        var again = WebUtility.HtmlDecode(await (await trainee.GetAsync("/Me/Ledger")).Content.ReadAsStringAsync());
        Assert.Contains($"data-certificate=\"{cert.Id}\" data-state=\"revoked\"", again);
        Assert.Contains($"data-certificate=\"{reissued.Value}\" data-state=\"valid\"", again);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(again, $"href=\"/Me/Certificate/{cohort}\""));
    }

    private async Task<long> ScalarAsync(string sql, object param)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, param);
    }

    private async Task<string> HtmlAsync(string username, string page)
    {
        var r = await (await app.Browser(username)).GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_ledgers_pages_are_linked_for_who_may_open_them()
    {
        // the class page: its staff (organizer, head teacher) link the class's ledger; a trainee does not
        foreach (var who in new[] { "organizer", "headteacher", "admin" })
        {
            Assert.Contains($"href=\"/Ledger/{Seed000}\" id=\"class-ledger\"", await HtmlAsync(who, $"/Cohorts/Details/{Seed000}"));
            Assert.Equal(HttpStatusCode.OK, (await (await app.Browser(who)).GetAsync($"/Ledger/{Seed000}")).StatusCode);
        }
        Assert.DoesNotContain("class-ledger", await HtmlAsync("t001", $"/Cohorts/Details/{Seed000}"));

        // a trainee's home and their classes link their own ledger
        Assert.Contains("href=\"/Me/Ledger\"", await HtmlAsync("t001", "/Me"));
        Assert.Contains("id=\"home-my-ledger\"", await HtmlAsync("t001", "/"));
        Assert.DoesNotContain("/Me/Ledger", await HtmlAsync("organizer", "/"));

        // a unit contact: its home and the units page link its unit's summary, not the merges
        var contactHome = await HtmlAsync("contact-echeng", "/");
        Assert.Contains("id=\"home-unit-ledger\"", contactHome);
        var contactUnits = await HtmlAsync("contact-echeng", "/Units");
        Assert.Contains("id=\"units-ledger\"", contactUnits);
        Assert.DoesNotContain("/Ledger/Merges", contactUnits);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("contact-echeng")).GetAsync("/Ledger/Unit")).StatusCode);

        // administrators (and organizers of no single office) link the merges; an office's organizer the summary only
        var admin = await HtmlAsync("admin", "/Units");
        Assert.Contains("id=\"units-ledger\"", admin);
        Assert.Contains("href=\"/Ledger/Merges\"", admin);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("admin")).GetAsync("/Ledger/Merges")).StatusCode);
        foreach (var who in new[] { "organizer", Seed004.Organizer }) // the bureau's, an office's
        {
            var office = await HtmlAsync(who, "/Units");
            Assert.Contains("id=\"units-ledger\"", office);
            Assert.DoesNotContain("/Ledger/Merges", office);
            Assert.Equal(HttpStatusCode.OK, (await (await app.Browser(who)).GetAsync("/Ledger/Unit")).StatusCode);
        }
        // the head teacher may open neither
        var headteacher = await HtmlAsync("headteacher", "/Units");
        Assert.DoesNotContain("units-ledger", headteacher);
    }
}

public sealed class LedgerPagesTests_Sqlite(SqliteDemo app) : LedgerPagesTests(app), IClassFixture<SqliteDemo>;
public sealed class LedgerPagesTests_Postgres(PostgresDemo app) : LedgerPagesTests(app), IClassFixture<PostgresDemo>;

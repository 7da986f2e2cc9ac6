using System.Net;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Ledger;

/// <summary>The ledger's API lists the person's certificates as its pages do (#21 gap): /me/ledger and /people/{id}/ledger.</summary>
public abstract class LedgerCertificatesApiTests(TestApp app)
{
    private async Task<long> UserIdAsync(string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = @username", new { username });
    }

    [Fact]
    public async Task My_ledger_and_a_persons_ledger_list_the_certificates()
    {
        // Seed 000's class issued its 结业证书 to those its rule allows: t001 has one, t003 (left early) none.
        var mine = await (await (await app.Api("t001")).GetAsync("/api/v1/me/ledger")).ReadJsonAsync();
        var cert = Assert.Single(mine["certificates"]!.AsArray(), x => x.Value<string>("cohortTitle") == SeedCertificates.Seed000Title);
        Assert.StartsWith("鄂民培〔2023〕第", cert.Value<string>("serial"));
        Assert.False(cert.Value<bool>("revoked"));
        var none = await (await (await app.Api("t003")).GetAsync("/api/v1/me/ledger")).ReadJsonAsync();
        Assert.DoesNotContain(none["certificates"]!.AsArray(), x => x.Value<string>("cohortTitle") == SeedCertificates.Seed000Title);

        // The organizer reads t001's ledger with the same certificate.
        var t001 = await UserIdAsync("t001");
        var org = await (await (await app.Api("organizer")).GetAsync($"/api/v1/people/{t001}/ledger")).ReadJsonAsync();
        Assert.Equal(cert.Value<long>("id"), Assert.Single(org["certificates"]!.AsArray(), x => x.Value<string>("cohortTitle") == SeedCertificates.Seed000Title).Value<long>("id"));

        // A head teacher of another class only: none of it is theirs (404).
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(Seed003.HeadTeacher)).GetAsync($"/api/v1/people/{t001}/ledger")).StatusCode);
    }
}

public sealed class LedgerCertificatesApiTests_Sqlite(SqliteDemo app) : LedgerCertificatesApiTests(app), IClassFixture<SqliteDemo>;
public sealed class LedgerCertificatesApiTests_Postgres(PostgresDemo app) : LedgerCertificatesApiTests(app), IClassFixture<PostgresDemo>;

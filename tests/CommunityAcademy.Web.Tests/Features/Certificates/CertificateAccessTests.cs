using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Certificates;

/// <summary>
/// Who reaches the certificate pages (#22), by role (<see cref="RoleMatrix"/>; class 1 is seed 000's): the class page and
/// its downloads for organizers and head teachers, /Me/Certificate for the class's own trainees, /Verify for anyone (an
/// unknown code: the neutral 404, never a sign-in). The rows to add to the authorization matrix.
/// </summary>
public abstract class CertificateAccessTests(TestApp app)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/Certificates/1", "LAAAFFFFFF" },
        { "/Certificates/1?handler=All", "LAAAFFFFFF" },
        { "/Me/Certificate/1", "L444444A4A" },
        { "/Me/Certificate/1?handler=Pdf", "L444444A4A" },
        { "/Verify/00000000000000000000000000", "4444444444" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public Task Pages_by_role(string path, string expected) => RoleMatrix.AssertPageAsync(app, path, expected);
}

public sealed class CertificateAccessTests_Sqlite(SqliteDemo app) : CertificateAccessTests(app), IClassFixture<SqliteDemo>;
public sealed class CertificateAccessTests_Postgres(PostgresDemo app) : CertificateAccessTests(app), IClassFixture<PostgresDemo>;

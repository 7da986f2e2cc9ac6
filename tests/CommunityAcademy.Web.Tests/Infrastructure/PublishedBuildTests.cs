using System.Net;
using CommunityAcademy.Web.Infrastructure.Hosting;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>
/// Issue #13 point 1: `dotnet CommunityAcademy.dll` started from a folder other than the publish folder (as a service
/// is) serves its stylesheets and scripts, and keeps a relative SQLite file under its own folder.
/// </summary>
public sealed class PublishedBuildTests(PublishedApp app) : IClassFixture<PublishedApp>
{
    [Fact]
    public async Task The_published_build_started_from_another_folder_serves_its_stylesheet_and_the_login_page_uses_it()
    {
        using var http = new HttpClient { BaseAddress = app.BaseUrl };
        var css = await http.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".topbar", await css.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/js/menu.js")).StatusCode);

        var login = await http.GetStringAsync("/Accounts/Login");
        Assert.Contains("/css/site.css", login);
        Assert.DoesNotContain("WebRootPath was not found", app.Log);
        // Nothing was written to the folder the process was started from.
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.WorkingFolder));
    }

    [Fact]
    public void The_content_root_is_the_application_folder_when_it_holds_wwwroot_unless_one_is_configured()
    {
        var published = Path.Combine(Path.GetTempPath(), "ca-appfolder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(published, "wwwroot"));
        try
        {
            string? none(string _) => null;
            Assert.Equal(published, AppFolder.ContentRoot([], none, published));
            Assert.Null(AppFolder.ContentRoot(["--contentRoot", "/srv/x"], none, published));
            Assert.Null(AppFolder.ContentRoot(["--contentroot=/srv/x"], none, published));
            Assert.Null(AppFolder.ContentRoot([], n => n == "ASPNETCORE_CONTENTROOT" ? "/srv/x" : null, published));
            // A build output without wwwroot (dotnet run, tests): the host's own rule, the current folder.
            Assert.Null(AppFolder.ContentRoot([], none, Path.Combine(published, "wwwroot")));
        }
        finally { Directory.Delete(published, true); }
    }

    [Fact]
    public void A_relative_sqlite_file_lives_under_the_content_root_not_the_current_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "ca-root-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cs = CommunityAcademy.Web.Infrastructure.Data.SqliteDialect.Prepare("Data Source=data/x.db", root);
            Assert.Contains(Path.Combine(root, "data", "x.db"), cs);
            Assert.True(Directory.Exists(Path.Combine(root, "data")));
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, true); }
    }
}

using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Scenes;

/// <summary>
/// Who reaches the scenes pages (#25), by role (<see cref="RoleMatrix"/>): staff and unit contacts, a contact only its
/// own subtree's scenes (contact-huarong: 404 for 镜园社区's), trainees refused, the residents' card open to anyone.
/// The rows to add to the authorization matrix.
/// </summary>
public abstract class SceneAccessTests(TestApp app)
{
    [Theory]
    [InlineData("/Scenes", "LAAAAAAFAF")]
    [InlineData("/Scenes/Standards", "LAAAAAAFAF")]
    [InlineData("/Scenes/Resources", "LAAAAAAFAF")]
    [InlineData("/Scenes/Brands", "LAAAAAAFAF")]
    public Task Pages_by_role(string path, string expected) => RoleMatrix.AssertPageAsync(app, path, expected);

    [Fact]
    public async Task A_scenes_pages_by_role()
    {
        var id = await SceneKit.PosterSceneAsync(app);
        await RoleMatrix.AssertPageAsync(app, $"/Scenes/Scene/{id}", "LAAAAAAF4F");
        await RoleMatrix.AssertPageAsync(app, $"/Scenes/Poster/{id}", "LAAAAAAF4F");
        await RoleMatrix.AssertPageAsync(app, $"/Scenes/Observe/{id}", "LAAAAAAF4F");
        await RoleMatrix.AssertPageAsync(app, "/Scenes/Card/" + await SceneKit.CardTokenAsync(app, id), "AAAAAAAAAA");
    }
}

public sealed class SceneAccessTests_Sqlite(SqliteDemo app) : SceneAccessTests(app), IClassFixture<SqliteDemo>;
public sealed class SceneAccessTests_Postgres(PostgresDemo app) : SceneAccessTests(app), IClassFixture<PostgresDemo>;

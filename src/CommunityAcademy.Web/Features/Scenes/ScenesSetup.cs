using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>The scenes feature's services (#25), registered by one line in FeatureSetup.</summary>
public static class ScenesSetup
{
    public static void AddScenes(IServiceCollection services)
    {
        services.AddSingleton<StandardStore>();
        services.AddSingleton<SceneStore>();
        services.AddSingleton<AssessmentStore>();
        services.AddSingleton<CardStore>();
        services.AddSingleton<ObservationStore>();
        services.AddSingleton<ResourceStore>();
        services.AddSingleton<BrandStore>();
        services.AddSingleton<IAttachmentOwnerAccess>(sp => new SceneFileAccess(sp.GetRequiredService<Db>(), sp.GetRequiredService<UnitStore>(),
            AssessmentStore.PhotoKind, "SELECT s.unit_id FROM scene_assessments a JOIN scenes s ON s.id = a.scene_id WHERE a.id = @id"));
        services.AddSingleton<IAttachmentOwnerAccess>(sp => new SceneFileAccess(sp.GetRequiredService<Db>(), sp.GetRequiredService<UnitStore>(),
            ResourceStore.PhotoKind, "SELECT unit_id FROM community_resources WHERE id = @id"));
    }
}

/// <summary>An assessment's evidence photo or a resource's photo: to whoever may see its community (<see cref="SceneAccess.MaySee"/>).</summary>
public sealed class SceneFileAccess(Db db, UnitStore units, string ownerKind, string unitOfOwner) : IAttachmentOwnerAccess
{
    public string OwnerKind => ownerKind;

    public async Task<bool> MaySeeAsync(CurrentUser me, long ownerId)
    {
        if (!SceneAccess.MaySeeAny(me)) return false;
        long? unit;
        await using (var c = await db.OpenAsync())
        {
            var exists = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM ({unitOfOwner}) x", new { id = ownerId });
            if (exists == 0) return false;
            unit = await c.ExecuteScalarAsync<long?>(unitOfOwner, new { id = ownerId });
        }
        return SceneAccess.MaySee(await units.TreeAsync(), me, unit);
    }
}

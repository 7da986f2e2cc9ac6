using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>/api/v1/attachments/{id}: a stored file, to those who may see its owner (404 to everyone else, as if it did not exist).</summary>
public static class AttachmentsApi
{
    public static RouteGroupBuilder MapAttachmentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/attachments/{id:long}", Download).WithTags("Attachments")
            .WithSummary("A stored file as uploaded (an image upright and without metadata); ?display=true the display copy of an image; a video (MP4) " +
                         "inline, in ranges (Range: bytes=…, 206). Only to those who may see its owner.");
        return api;
    }

    private static async Task<IResult> Download(long id, bool? display, HttpContext http, AttachmentStore store, IEnumerable<IAttachmentOwnerAccess> owners)
    {
        var row = await store.FindAsync(id);
        if (row is null) return Problems.NotFound();
        var access = owners.FirstOrDefault(o => o.OwnerKind == row.OwnerKind);
        if (access is null || !await access.MaySeeAsync(http.Me(), row.OwnerId)) return Problems.NotFound();
        var showDisplay = display == true && row.HasDisplay;
        var bytes = await store.BytesAsync(id, showDisplay);
        if (bytes is null) return Problems.NotFound();
        http.Response.Headers.CacheControl = "private, no-store";
        // A video is read in ranges (a phone seeks, and asks for the first bytes first): 206 with the part asked for.
        var video = row.ContentType.StartsWith("video/", StringComparison.Ordinal);
        return TypedResults.File(bytes, showDisplay ? "image/jpeg" : row.ContentType, video ? null : row.FileName, enableRangeProcessing: video);
    }
}

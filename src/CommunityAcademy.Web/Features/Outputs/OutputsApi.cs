using CommunityAcademy.Domain;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Outputs;

public sealed record SaveTextRequest(string? Body, int Version);
public sealed record AddEntryRequest(string? Section, string? Category, string? Name, string? Description);
public sealed record CommentRequest(string? Body);
public sealed record ConfigureOutputsRequest(long TemplateId, long? GroupingId);

/// <summary>
/// /api/v1/sessions/{id}/outputs (#17): the board, text sections (a stale version answers 409 with both texts),
/// entries, photos and files, comments and likes, the template, and the exports. The class check of the sessions
/// route group runs first (404); then the caller's standing decides (403).
/// </summary>
public static class OutputsApi
{
    public static IServiceCollection AddOutputs(this IServiceCollection services)
    {
        services.AddSingleton<ITopicOwners, OpenSpace.OpenSpaceTopicOwners>(); // a topic records outputs as a group does
        services.AddSingleton<OutputOwners>();
        services.AddSingleton<OutputStore>();
        services.AddSingleton<IAttachmentOwnerAccess>(sp => sp.GetRequiredService<OutputStore>());
        services.AddSingleton<OutputExport>();
        return services;
    }

    public static RouteGroupBuilder MapOutputsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sessions/{id:long}/outputs").WithTags("Outputs");
        g.MapGet("/", Board).WithSummary("The session's outputs: template, stalls (texts with versions, entries, files, comments, likes).");
        g.MapPut("/settings", Configure).WithSummary("The organizer picks the template and the grouping whose groups record outputs.");
        g.MapPut("/{owner}/texts/{section}", SaveText).WithSummary("Saves a text section from the version read; 409 with the other text when someone saved in between.");
        g.MapPost("/{owner}/entries", AddEntry).WithSummary("Adds a structured entry (category, name, description).");
        g.MapPost("/{owner}/files", AddFile).DisableAntiforgery().WithSummary("Adds a photo (photo=true: an image, stored upright without EXIF) or a file (multipart).")
            .WithMetadata(new RequestSizeLimitAttribute(25 * 1024 * 1024));
        g.MapDelete("/{owner}/entries/{item:long}", (long id, string owner, long item, HttpContext http, OutputStore store) => Remove(id, owner, "entry", item, http, store))
            .WithSummary("Takes back an entry of the stall (whoever may add).");
        g.MapDelete("/{owner}/files/{item:long}", (long id, string owner, long item, HttpContext http, OutputStore store) => Remove(id, owner, "file", item, http, store))
            .WithSummary("Takes back a photo or file of the stall, with its stored file.");
        g.MapPost("/{owner}/comments", Comment).WithSummary("A visitor's comment on a stall (at most 200 characters).");
        g.MapPost("/{owner}/like", Like).WithSummary("Likes a stall, or takes the like back.");
        g.MapGet("/export.docx", Docx).WithSummary("The session's outputs as a Word document in the official layout.");
        g.MapGet("/export.zip", Zip).WithSummary("The session's files, a folder per group.");
        return api;
    }

    private static async Task<(OutputContext? Ctx, IResult? Answer)> ContextAsync(long id, HttpContext http, OutputStore store)
    {
        var ctx = await store.ContextAsync(http.Me(), id);
        if (ctx is null) return (null, Problems.NotFound());
        return ctx.MayVisit ? (ctx, null) : (null, Results.Problem(statusCode: 403));
    }

    private static IResult Refused(Error e, OutputStore store) => e.Code switch
    {
        "Outputs.NotAllowed" => Results.Problem(store.Message(e), statusCode: 403),
        "Outputs.UnknownOwner" => Problems.NotFound(),
        _ => Problems.Invalid("outputs", store.Message(e)),
    };

    private static async Task<IResult> Board(long id, HttpContext http, OutputStore store)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        return answer ?? TypedResults.Ok(await store.BoardAsync(ctx!));
    }

    private static async Task<IResult> Configure(long id, ConfigureOutputsRequest body, HttpContext http, OutputStore store)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        var r = await store.ConfigureAsync(ctx!, body.TemplateId, body.GroupingId);
        return r.IsOk ? TypedResults.NoContent() : Refused(r.Error!, store);
    }

    private static async Task<IResult> SaveText(long id, string owner, string section, SaveTextRequest body, HttpContext http, OutputStore store, Texts texts)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!OutputOwner.TryParse(owner, out var o)) return Problems.NotFound();
        var r = await store.SaveTextAsync(ctx!, o, section, body.Body, body.Version);
        if (!r.IsOk) return Refused(r.Error!, store);
        var s = r.Value!;
        if (s.Saved) return TypedResults.Ok(new { version = s.Version });
        return Results.Problem(texts["Outputs.Stale"], statusCode: 409, extensions: new Dictionary<string, object?>
        {
            ["version"] = s.Version, ["theirs"] = s.Theirs, ["theirsBy"] = s.TheirsBy, ["yours"] = body.Body,
        });
    }

    private static async Task<IResult> Remove(long id, string owner, string kind, long item, HttpContext http, OutputStore store)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!OutputOwner.TryParse(owner, out var o)) return Problems.NotFound();
        var r = await store.RemoveAsync(ctx!, o, kind, item);
        return r.IsOk ? TypedResults.NoContent() : Refused(r.Error!, store);
    }

    private static async Task<IResult> AddEntry(long id, string owner, AddEntryRequest body, HttpContext http, OutputStore store)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!OutputOwner.TryParse(owner, out var o)) return Problems.NotFound();
        var r = await store.AddEntryAsync(ctx!, o, body.Section ?? "", body.Category, body.Name, body.Description);
        return r.IsOk ? TypedResults.Ok(new { id = r.Value }) : Refused(r.Error!, store);
    }

    private static async Task<IResult> AddFile(long id, string owner, HttpContext http, OutputStore store, AttachmentStore attachments)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!OutputOwner.TryParse(owner, out var o)) return Problems.NotFound();
        if (await store.EditableAsync(ctx!, o) is { IsOk: false } refused) return Refused(refused.Error!, store); // before the upload is read
        if (!http.Request.HasFormContentType) return Problems.Invalid("file", store.Message(new Error("Outputs.NoFile")));
        var form = await http.Request.ReadFormAsync();
        if (form.Files.GetFile("file") is not { } file) return Problems.Invalid("file", store.Message(new Error("Outputs.NoFile")));
        var (bytes, error) = await attachments.ReadAsync(file);
        if (bytes is null) return Problems.Invalid("file", error!);
        var r = await store.AddFileAsync(ctx!, o, bytes, file.FileName, form["photo"] == "true");
        return r.IsOk ? TypedResults.Ok(new { id = r.Value }) : Refused(r.Error!, store);
    }

    private static async Task<IResult> Comment(long id, string owner, CommentRequest body, HttpContext http, OutputStore store)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!OutputOwner.TryParse(owner, out var o)) return Problems.NotFound();
        var r = await store.CommentAsync(ctx!, o, body.Body);
        return r.IsOk ? TypedResults.Ok(new { id = r.Value }) : Refused(r.Error!, store);
    }

    private static async Task<IResult> Like(long id, string owner, HttpContext http, OutputStore store)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!OutputOwner.TryParse(owner, out var o)) return Problems.NotFound();
        var r = await store.ToggleLikeAsync(ctx!, o);
        return r.IsOk ? TypedResults.Ok(new { liked = r.Value.Liked, count = r.Value.Count }) : Refused(r.Error!, store);
    }

    private static async Task<IResult> Docx(long id, HttpContext http, OutputStore store, OutputExport export, CohortStore cohorts)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!ctx!.IsStaff) return Results.Problem(statusCode: 403);
        var board = await store.BoardAsync(ctx);
        var cohort = await cohorts.FindAsync(ctx.CohortId);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(await export.DocxAsync(board, cohort?.Issuer), AttachmentStore.ContentType(AttachmentKind.Docx), $"{ctx.SessionTitle}-成果.docx");
    }

    private static async Task<IResult> Zip(long id, HttpContext http, OutputStore store, OutputExport export)
    {
        var (ctx, answer) = await ContextAsync(id, http, store);
        if (answer is not null) return answer;
        if (!ctx!.IsStaff) return Results.Problem(statusCode: 403);
        var board = await store.BoardAsync(ctx);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(await export.ZipAsync(board), "application/zip", $"{ctx.SessionTitle}-成果.zip");
    }
}

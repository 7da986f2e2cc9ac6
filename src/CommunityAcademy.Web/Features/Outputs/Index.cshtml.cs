using CommunityAcademy.Domain;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Outputs;

/// <summary>
/// 成果 (#17 point 3): without a session, the class's sessions; with one, every group's outputs. A group's members and
/// the class's staff add text (per template section, saved from the version read), entries, photos taken on the phone
/// and files; ?stall=group-12 shows one stall (a phone). A stale text save keeps both texts on the page.
/// </summary>
[Authorize]
[RequestSizeLimit(25 * 1024 * 1024)]
public sealed class IndexModel(OutputStore store, AttachmentStore attachments, CohortStore cohorts, Db db, Infrastructure.Web.Texts texts) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long? Session { get; set; }
    [FromQuery] public string? Stall { get; set; }

    public CohortRow? Cohort { get; private set; }
    public OutputContext? Context { get; private set; }
    public OutputBoard? Board { get; private set; }
    public IReadOnlyList<OutputTemplate> Templates { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Groupings { get; private set; } = [];
    public IReadOnlyList<(long Id, string Label)> Sessions { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    /// <summary>A refused stale save: the stall, the section, the other person's text and who saved it, the version to save from now, what this person typed.</summary>
    public (string Owner, string Section, string Theirs, string? TheirsBy, int Version, string Yours)? Conflict { get; private set; }

    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? Section { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public long TemplateId { get; set; }
    [BindProperty] public long? GroupingId { get; set; }

    public IEnumerable<OutputStall> Shown => Board is null ? []
        : Stall is { } s ? Board.Stalls.Where(x => x.Owner.ToString() == s)
        : Board.Stalls.OrderBy(x => x.MayEdit && !Context!.IsStaff ? 0 : 1);

    private async Task<IActionResult?> LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return NotFound();
        if (Session is not { } session)
        {
            await using var c = await db.OpenAsync();
            Sessions = (await c.QueryAsync<(long, DateOnly, string, string)>("""
                SELECT id, session_date, start_time, title FROM sessions WHERE cohort_id = @Id AND cancelled_at IS NULL ORDER BY starts_at, id
                """, new { Id })).Select(s => (s.Item1, $"{s.Item2:yyyy-MM-dd} {s.Item3} {s.Item4}")).ToList();
            return null;
        }
        Context = await store.ContextAsync(HttpContext.Me(), session, Id);
        if (Context is null) return NotFound();
        if (!Context.MayVisit) return Forbid();
        Board = await store.BoardAsync(Context);
        if (Context.MayManage)
        {
            Templates = await store.TemplatesAsync(Id);
            Groupings = await store.GroupingsAsync(Context);
        }
        return null;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        Done = TempData["ca.done"] as string;
        return await LoadAsync() ?? Page();
    }

    /// <summary>Runs a change; done: back to the page (the stall's anchor); refused: 422 with the message and what was typed.</summary>
    private async Task<IActionResult> ChangeAsync(Func<OutputContext, OutputOwner, Task<string?>> work, bool needsOwner = true)
    {
        if (await LoadAsync() is { } answer) return answer;
        if (Context is null) return NotFound();
        var owner = default(OutputOwner);
        if (needsOwner && !OutputOwner.TryParse(Owner, out owner)) return NotFound();
        Error = await work(Context, owner);
        if (Error is null && Conflict is null)
        {
            TempData["ca.done"] = texts["Outputs.Saved"];
            var query = Stall is null ? "" : $"?stall={Uri.EscapeDataString(Stall)}";
            return Redirect($"{Request.PathBase}/Outputs/{Id}/{Session}{query}{(needsOwner ? "#" + owner : "")}");
        }
        Response.StatusCode = Error == "forbidden" ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
        if (Error == "forbidden") return Forbid();
        Board = await store.BoardAsync(Context);
        return Page();
    }

    private string? Refused(Error e) => e.Code == "Outputs.NotAllowed" ? "forbidden" : store.Message(e);

    public Task<IActionResult> OnPostTextAsync() => ChangeAsync(async (ctx, owner) =>
    {
        var r = await store.SaveTextAsync(ctx, owner, Section ?? "", Body, Version);
        if (!r.IsOk) return Refused(r.Error!);
        if (!r.Value!.Saved)
            Conflict = (owner.ToString(), Section ?? "", r.Value.Theirs ?? "", r.Value.TheirsBy, r.Value.Version, Body ?? "");
        return null;
    });

    public Task<IActionResult> OnPostEntryAsync() => ChangeAsync(async (ctx, owner) =>
    {
        var r = await store.AddEntryAsync(ctx, owner, Section ?? "", Category, Name, Description);
        return r.IsOk ? null : Refused(r.Error!);
    });

    /// <summary>Takes back an entry or a file: the page asked first (a 删除 that opens its 确认删除).</summary>
    [BindProperty] public string? ItemKind { get; set; }
    [BindProperty] public long ItemId { get; set; }

    public Task<IActionResult> OnPostRemoveAsync() => ChangeAsync(async (ctx, owner) =>
    {
        var r = await store.RemoveAsync(ctx, owner, ItemKind ?? "", ItemId);
        return r.IsOk ? null : r.Error!.Code == "Outputs.UnknownOwner" ? store.Message(new Error("Outputs.Gone")) : Refused(r.Error!);
    });

    public Task<IActionResult> OnPostPhotoAsync() => UploadAsync(photo: true);
    public Task<IActionResult> OnPostFileAsync() => UploadAsync(photo: false);

    private Task<IActionResult> UploadAsync(bool photo) => ChangeAsync(async (ctx, owner) =>
    {
        if (Upload is null) return store.Message(new Error("Outputs.NoFile"));
        var (bytes, error) = await attachments.ReadAsync(Upload);
        if (bytes is null) return error;
        var r = await store.AddFileAsync(ctx, owner, bytes, Upload.FileName, photo);
        return r.IsOk ? null : Refused(r.Error!);
    });

    public Task<IActionResult> OnPostSettingsAsync() => ChangeAsync(async (ctx, _) =>
    {
        var r = await store.ConfigureAsync(ctx, TemplateId, GroupingId);
        return r.IsOk ? null : Refused(r.Error!);
    }, needsOwner: false);
}

/// <summary>An entry or a file a stall may take back: the stall, what it is, its id, and its name for the question.</summary>
public sealed record RemoveItem(string Owner, string Kind, long Id, string What);

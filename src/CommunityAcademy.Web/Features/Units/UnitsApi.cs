using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Units;

public sealed record UnitDto(long Id, long? ParentId, string Name, string Kind, string KindName, string Path, int Depth);
public sealed record CreateUnitRequest(string? Name, string? Kind, long? ParentId);
public sealed record RenameUnitRequest(string? Name);
public sealed record MoveUnitRequest(long? ParentId);
public sealed record UnitImportDto(int Created, int Existing);
/// <summary>A refused file: its first <see cref="ImportErrors.MaxListed"/> errors, and how many there are in all.</summary>
public sealed record ImportErrorsDto(string Title, IReadOnlyList<CellError> Errors, int Total)
{
    public static ImportErrorsDto Of(string title, IReadOnlyList<CellError> all) => new(title, ImportErrors.Listed(all), all.Count);
}

/// <summary>/api/v1/units: the unit tree the caller may see; changes by administrators and organizers.</summary>
public static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/units").WithTags("Units");
        g.MapGet("/", List).WithSummary("The units the caller may see, in tree order (unit contacts: their subtree). ?q= keeps those whose name or path contains it; ?limit= (1–200) keeps the first ones.");
        g.MapGet("/{id:long}", Get);
        g.MapPost("/", Create).RequireAuthorization(Policies.ManageUnits);
        g.MapPut("/{id:long}", Rename).RequireAuthorization(Policies.ManageUnits);
        g.MapPost("/{id:long}/move", Move).RequireAuthorization(Policies.ManageUnits);
        g.MapPost("/{id:long}/up", (long id, UnitStore units, Texts texts) => Reorder(id, true, units, texts)).RequireAuthorization(Policies.ManageUnits)
            .WithSummary("上移: the unit swaps places with the sibling before it (departments stay before places).");
        g.MapPost("/{id:long}/down", (long id, UnitStore units, Texts texts) => Reorder(id, false, units, texts)).RequireAuthorization(Policies.ManageUnits)
            .WithSummary("下移: the unit swaps places with the sibling after it.");
        g.MapPost("/import", Import).RequireAuthorization(Policies.ManageUnits).DisableAntiforgery()
            .WithSummary("Imports a tree from .xlsx/.xls/.csv (单位名称, 上级单位, 类型). All rows or none.");
        return api;
    }

    internal static UnitDto ToDto(UnitTree tree, UnitNode n) =>
        new(n.Id, n.ParentId, n.Name, n.Kind.Code(), n.Kind.Chinese(), tree.PathName(n.Id), tree.PathTo(n.Id).Count - 1);

    public const int MaxLimit = 200;

    private static async Task<Results<Ok<List<UnitDto>>, ValidationProblem>> List(HttpContext http, UnitStore units, string? q = null, int? limit = null)
    {
        if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"limit 应在 1 到 {MaxLimit} 之间。 Use a limit from 1 to {MaxLimit}.");
        if (q is { Length: > 100 }) return Problems.Invalid("q", "搜索词最多 100 个字。 At most 100 characters.");
        var (tree, visible) = await units.VisibleAsync(http.Me());
        IEnumerable<UnitNode> found = visible;
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            // Names first, then paths ("华容区/" finds everything under 华容区): a type-ahead shows the closest on top.
            var byName = visible.Where(n => n.Name.Contains(term, StringComparison.OrdinalIgnoreCase));
            var byPath = visible.Where(n => !n.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                && tree.PathName(n.Id).Contains(term, StringComparison.OrdinalIgnoreCase));
            found = byName.OrderBy(n => n.Name.Length).Concat(byPath);
        }
        if (limit is { } l) found = found.Take(l);
        return TypedResults.Ok(found.Select(n => ToDto(tree, n)).ToList());
    }

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> Get(long id, HttpContext http, UnitStore units)
    {
        var tree = await units.TreeAsync();
        // Outside the caller's subtree looks exactly like "does not exist".
        if (!UnitStore.CanSee(tree, http.Me(), id)) return Problems.NotFound();
        return TypedResults.Ok(ToDto(tree, tree.Find(id)!));
    }

    private static async Task<Results<Created<UnitDto>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUnitRequest body, UnitStore units, Texts texts)
    {
        var v = new Validation().Require("name", body.Name);
        UnitKind kind = default;
        if (!string.IsNullOrWhiteSpace(body.Kind)) v.Check(UnitKinds.TryParse(body.Kind, out kind), "kind", Texts.Of("Problem.UnknownKind"));
        else if (!string.IsNullOrWhiteSpace(body.Name))
        {
            if (UnitKinds.InferFromName(body.Name) is { } k) kind = k;
            else v.Add("kind", Texts.Of("Problem.KindRequired"));
        }
        if (!v.Ok) return v.Problem();
        var result = await units.CreateAsync(new NewUnit(body.Name!, kind, body.ParentId));
        if (!result.IsOk) return Problems.Rule(texts, result.Error!);
        var tree = await units.TreeAsync();
        return TypedResults.Created($"/api/v1/units/{result.Value}", ToDto(tree, tree.Find(result.Value)!));
    }

    private static async Task<Results<Ok<UnitDto>, ValidationProblem, ProblemHttpResult>> Rename(
        long id, RenameUnitRequest body, UnitStore units, Texts texts)
    {
        if (string.IsNullOrWhiteSpace(body.Name)) return Problems.Invalid("name", Texts.Of("Problem.Required"));
        if ((await units.TreeAsync()).Find(id) is null) return Problems.NotFound();
        if (await units.RenameAsync(id, body.Name) is { } error) return Problems.Rule(texts, error);
        var tree = await units.TreeAsync();
        return TypedResults.Ok(ToDto(tree, tree.Find(id)!));
    }

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> Move(long id, MoveUnitRequest body, UnitStore units, Texts texts)
    {
        if ((await units.TreeAsync()).Find(id) is null) return Problems.NotFound();
        if (await units.MoveAsync(id, body.ParentId) is { } error) return Problems.Rule(texts, error);
        var tree = await units.TreeAsync();
        return TypedResults.Ok(ToDto(tree, tree.Find(id)!));
    }

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult>> Reorder(long id, bool up, UnitStore units, Texts texts)
    {
        if ((await units.TreeAsync()).Find(id) is null) return Problems.NotFound();
        if (await units.ReorderAsync(id, up) is { } error) return Problems.Rule(texts, error);
        var tree = await units.TreeAsync();
        return TypedResults.Ok(ToDto(tree, tree.Find(id)!));
    }

    private static async Task<Results<Ok<UnitImportDto>, UnprocessableEntity<ImportErrorsDto>, ValidationProblem>> Import(
        IFormFile? file, UnitTreeImport import)
    {
        if (file is null) return Problems.Invalid("file", Texts.Of("Problem.FileRequired"));
        await using var s = file.OpenReadStream();
        var r = await import.ImportAsync(s, file.FileName);
        if (!r.Ok) return TypedResults.UnprocessableEntity(ImportErrorsDto.Of(Texts.Of("Problem.NoUnitImported"), r.Errors));
        return TypedResults.Ok(new UnitImportDto(r.Created, r.Existing));
    }
}

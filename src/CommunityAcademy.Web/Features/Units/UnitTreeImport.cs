using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Units;

public sealed record UnitImportResult(int Created, int Existing, IReadOnlyList<CellError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Imports a unit tree from a sheet with columns 单位名称, 上级单位 and (optionally) 类型. A parent is
/// named by its name when unique, or by a path "鄂州市/鄂城区". Rows may refer to earlier rows. Units
/// that already exist under the same parent are left alone, so the same file can be imported twice.
/// All or nothing: one bad row and nothing is imported; every bad row is reported.
/// </summary>
public sealed class UnitTreeImport(Db db, UnitStore units, Texts texts, SheetUpload upload)
{
    public const string NameColumn = "单位名称", ParentColumn = "上级单位", KindColumn = "类型";

    private static readonly Dictionary<string, string[]> Headers = new()
    {
        ["name"] = [NameColumn, "名称", "单位", "name", "unit"],
        ["parent"] = [ParentColumn, "上级", "所属单位", "上级单位名称", "parent"],
        ["kind"] = [KindColumn, "单位类型", "kind", "type"],
    };

    public async Task<UnitImportResult> ImportAsync(Stream file, string fileName)
    {
        var (rows, unreadable) = upload.Read(file, fileName);
        if (unreadable is not null) return Fail(unreadable);

        var header = SpreadsheetReader.FindHeader(rows, Headers, ["name"]);
        if (header is not { } h)
            return Fail(new CellError(rows.FirstOrDefault()?.Number ?? 1, null, $"找不到表头：需要“{NameColumn}”列（以及“{ParentColumn}”“{KindColumn}”列）。"));

        var all = await units.AllAsync();
        var tree = new UnitTree(all.Select(r => r.ToNode()));
        var errors = new List<CellError>();
        var plan = new List<(long TempId, NewUnit Unit)>();
        long nextTemp = -1;
        var created = 0; var existing = 0;
        int col(string key) => h.Columns.GetValueOrDefault(key, -1);

        foreach (var row in rows.Skip(h.HeaderIndex + 1))
        {
            if (row.IsBlank) continue;
            var name = row[col("name")].Trim();
            var parentText = row[col("parent")].Trim();
            var kindText = row[col("kind")].Trim();
            void bad(string column, string message) => errors.Add(new CellError(row.Number, column, message));

            if (name.Length == 0) { bad(NameColumn, "单位名称为空。"); continue; }
            if (name.Length > 100) { bad(NameColumn, "单位名称过长（最多 100 个字）。"); continue; }

            UnitKind kind;
            if (kindText.Length > 0)
            {
                if (!UnitKinds.TryParse(kindText, out kind)) { bad(KindColumn, $"无法识别的单位类型“{kindText}”。"); continue; }
            }
            else if (UnitKinds.InferFromName(name) is { } guessed) kind = guessed;
            else { bad(KindColumn, $"无法从名称“{name}”判断单位类型，请填写类型列。"); continue; }

            UnitNode? parent = null;
            if (parentText.Length > 0)
            {
                parent = tree.Resolve(parentText, out var ambiguous);
                if (parent is null)
                {
                    bad(ParentColumn, ambiguous
                        ? $"上级单位“{parentText}”有重名，请写出路径，如“鄂州市/鄂城区”。"
                        : $"找不到上级单位“{parentText}”（须已存在或在本表前面的行中）。");
                    continue;
                }
            }

            if (tree.SiblingNamed(parent?.Id, name) is { } same)
            {
                if (same.Kind != kind) { bad(KindColumn, $"“{name}”已存在，但类型是{same.Kind.Chinese()}。"); continue; }
                existing++;
                continue;
            }
            if (tree.CheckNew(parent?.Id, name, kind) is { } error) { bad(KindColumn, texts.Error(error)); continue; }

            var temp = nextTemp--;
            tree.Add(new UnitNode(temp, parent?.Id, name, kind));
            plan.Add((temp, new NewUnit(name, kind, parent?.Id)));
            created++;
        }

        if (errors.Count > 0) return new UnitImportResult(0, 0, errors);
        if (plan.Count > 0)
        {
            await db.InTransactionAsync(async (c, tx) =>
            {
                var realIds = new Dictionary<long, long>();
                foreach (var (temp, unit) in plan)
                {
                    var parentId = unit.ParentId is { } p && p < 0 ? realIds[p] : unit.ParentId;
                    realIds[temp] = await UnitStore.InsertAsync(c, tx, unit with { ParentId = parentId });
                }
                return 0;
            });
        }
        return new UnitImportResult(created, existing, []);
    }

    private static UnitImportResult Fail(CellError e) => new(0, 0, [e]);
}

using System.Text;

namespace CommunityAcademy.Domain.Enrollment;

/// <summary>One row of a receipt as typed or read from a file; RowNumber is the spreadsheet's own row number.</summary>
public sealed record ReceiptInputRow(int RowNumber, string Unit, string Name, string Position, string Phone, string? Gender = null, string? IdNumber = null);

/// <summary>A row that passed every check, ready to store.</summary>
public sealed record ReceiptRow(int RowNumber, long UnitId, string Name, string Position, string Phone, string? Gender, string? IdNumber);

/// <summary>A row that breaks a rule: the spreadsheet row, the column header, and the rule (resource "Error.{Code}").</summary>
public sealed record RowProblem(int Row, string Column, Error Rule);

/// <summary>Somebody already named in another unit's receipt, keyed by phone or ID number.</summary>
public sealed record KnownPerson(string UnitName, string Name);

/// <summary>
/// A row naming somebody another unit's receipt already names (by phone, else by ID number): a warning, not an error.
/// Who may be told <see cref="Other"/> is the web layer's call (<c>PersonalDataRule.SeesOtherUnitsPeople</c>): a unit
/// contact is told only that another unit named this person, never whom or which unit.
/// </summary>
public sealed record NamedElsewhere(int Row, string Column, KnownPerson Other, bool ById);

public sealed record UnitLookup(long? UnitId, Error? Problem);

public sealed record ReceiptCheckResult(IReadOnlyList<ReceiptRow> Rows, IReadOnlyList<RowProblem> Errors, IReadOnlyList<NamedElsewhere> Warnings)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The checks a receipt must pass, row by row: the unit exists in the submitter's subtree; a name; the position is
/// one of that unit's quota lines; a valid mainland phone; an ID number, when given, with a right check digit; nobody
/// twice in the same receipt. Somebody also named by another unit is accepted with a warning: that other receipt is
/// not the submitter's to fix, and the organizer sees both in the reconciliation.
/// </summary>
public static class ReceiptCheck
{
    public const string UnitColumn = "单位", NameColumn = "姓名", PositionColumn = "职务", PhoneColumn = "联系方式",
        GenderColumn = "性别", IdColumn = "身份证号";
    public const int MaxNameLength = 50, MaxCellLength = 200;

    public static ReceiptCheckResult Check(
        IEnumerable<ReceiptInputRow> input,
        Func<string, UnitLookup> resolveUnit,
        IReadOnlyDictionary<long, IReadOnlyList<string>> positionsByUnit,
        IReadOnlyDictionary<string, KnownPerson> elsewhere)
    {
        var rows = new List<ReceiptRow>();
        var errors = new List<RowProblem>();
        var warnings = new List<NamedElsewhere>();
        var seenPhone = new Dictionary<string, (int Row, string Name)>();
        var seenId = new Dictionary<string, (int Row, string Name)>();
        var unitCache = new Dictionary<string, UnitLookup>();
        // A receipt repeats a handful of positions thousands of times: normalise each distinct text once.
        var positionCache = new Dictionary<string, string>();
        string normalizePosition(string text) =>
            positionCache.TryGetValue(text, out var n) ? n : positionCache[text] = NormalizePosition(text);
        var allowedCache = new Dictionary<long, Dictionary<string, string>>();

        foreach (var r in input)
        {
            var before = errors.Count;
            void error(string column, string code, params object[] args) => errors.Add(new RowProblem(r.RowNumber, column, new Error(code, args)));
            void broken(string column, Error rule) => errors.Add(new RowProblem(r.RowNumber, column, rule));

            foreach (var (column, value) in new[] { (UnitColumn, r.Unit), (NameColumn, r.Name), (PositionColumn, r.Position), (PhoneColumn, r.Phone), (GenderColumn, r.Gender ?? ""), (IdColumn, r.IdNumber ?? "") })
                if (value.Length > MaxCellLength) error(column, "Receipt.CellTooLong", MaxCellLength);
            if (errors.Count > before) continue;

            var unitText = r.Unit.Trim();
            long? unitId = null;
            if (unitText.Length == 0) error(UnitColumn, "Receipt.UnitEmpty");
            else
            {
                if (!unitCache.TryGetValue(unitText, out var found)) unitCache[unitText] = found = resolveUnit(unitText);
                if (found.UnitId is null) broken(UnitColumn, found.Problem ?? new Error("Receipt.UnitNotFound", unitText));
                else unitId = found.UnitId;
            }

            var name = r.Name.Trim();
            if (name.Length == 0) error(NameColumn, "Receipt.NameEmpty");
            else if (name.Length > MaxNameLength) error(NameColumn, "Receipt.NameTooLong", MaxNameLength);
            else if (name.Any(char.IsControl)) error(NameColumn, "Receipt.NameControl");

            var position = normalizePosition(r.Position);
            if (position.Length == 0) error(PositionColumn, "Receipt.PositionEmpty");
            else if (unitId is { } uid)
            {
                var allowed = positionsByUnit.TryGetValue(uid, out var p) ? p : [];
                if (!allowedCache.TryGetValue(uid, out var byNormal))
                    allowedCache[uid] = byNormal = allowed.GroupBy(normalizePosition).ToDictionary(g => g.Key, g => g.First());
                var match = byNormal.GetValueOrDefault(position);
                if (match is null)
                    broken(PositionColumn, allowed.Count == 0
                        ? new Error("Receipt.NoPlaces", unitText)
                        : new Error("Receipt.WrongPosition", unitText, r.Position.Trim(), string.Join("、", allowed)));
                else position = match;
            }

            var phone = PhoneNumber.Normalize(r.Phone);
            if (r.Phone.Trim().Length == 0) error(PhoneColumn, "Receipt.PhoneEmpty");
            else if (ScientificNotation.Is(r.Phone)) broken(PhoneColumn, ScientificNotation.Problem(PhoneColumn, r.Phone));
            else if (!(PhoneNumber.IsMobile(phone) || PhoneNumber.IsLandline(phone)))
                error(PhoneColumn, "Receipt.PhoneInvalid", r.Phone.Trim());

            string? gender = r.Gender?.Trim();
            if (string.IsNullOrEmpty(gender)) gender = null;
            else if (gender is not ("男" or "女")) error(GenderColumn, "Receipt.GenderInvalid");

            string? id = IdNumber.Normalize(r.IdNumber);
            if (id.Length == 0) id = null;
            else if (ScientificNotation.Is(r.IdNumber)) broken(IdColumn, ScientificNotation.Problem(IdColumn, r.IdNumber!));
            else if (IdNumber.Problem(id) is { } idProblem) broken(IdColumn, idProblem);

            if (errors.Count > before) continue;

            var phoneKey = PhoneNumber.Key(phone);
            if (seenPhone.TryGetValue(phoneKey, out var samePhone))
            {
                error(PhoneColumn, "Receipt.SamePhone", samePhone.Row, samePhone.Name);
                continue;
            }
            if (id is not null && seenId.TryGetValue(id, out var sameId))
            {
                error(IdColumn, "Receipt.SameId", sameId.Row, sameId.Name);
                continue;
            }
            seenPhone[phoneKey] = (r.RowNumber, name);
            if (id is not null) seenId[id] = (r.RowNumber, name);

            if (elsewhere.TryGetValue("phone:" + phoneKey, out var other))
                warnings.Add(new NamedElsewhere(r.RowNumber, PhoneColumn, other, ById: false));
            else if (id is not null && elsewhere.TryGetValue("id:" + id, out other))
                warnings.Add(new NamedElsewhere(r.RowNumber, IdColumn, other, ById: true));

            rows.Add(new ReceiptRow(r.RowNumber, unitId!.Value, name, position, phone, gender, id));
        }
        return new ReceiptCheckResult(rows, errors, warnings);
    }

    /// <summary>Positions compared without regard to spaces, full-width forms or the kind of quotation marks.</summary>
    public static string NormalizePosition(string? position)
    {
        if (string.IsNullOrWhiteSpace(position)) return "";
        var sb = new StringBuilder();
        foreach (var ch in position.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(ch)) continue;
            sb.Append(ch switch { '“' or '”' or '"' or '「' or '」' => '"', '‘' or '’' => '\'', _ => ch });
        }
        return sb.ToString();
    }

    /// <summary>The keys under which a person is recognised again: phone digits and ID number.</summary>
    public static IEnumerable<string> PersonKeys(string phone, string? idNumber)
    {
        yield return "phone:" + PhoneNumber.Key(phone);
        if (!string.IsNullOrEmpty(idNumber)) yield return "id:" + IdNumber.Normalize(idNumber);
    }
}

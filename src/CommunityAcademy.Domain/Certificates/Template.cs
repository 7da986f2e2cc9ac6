using System.Text;
using System.Text.RegularExpressions;

namespace CommunityAcademy.Domain.Certificates;

public enum PageOrientation { Landscape, Portrait }

/// <summary>
/// The certificate the organizer edits (#22 point 2): a title, a body with fields in braces ({姓名} {班级} …, see
/// <see cref="CertificateFields.Known"/>), the issuer, the date printed (null: the day it is issued), the serial number's
/// format (<see cref="SerialFormat"/>), the 学时 printed, and the page (A4 landscape or portrait). The seal is an image kept
/// by the attachment store beside it.
/// </summary>
public sealed record CertificateTemplate(string Title, string Body, string Issuer, DateOnly? IssueDate, string SerialFormat,
    string Hours, PageOrientation Orientation)
{
    public const int MaxTitle = 100, MaxBody = 2000, MaxIssuer = 200, MaxSerial = 100, MaxHours = 20;

    public static CertificateTemplate Default(string issuer) => new("结业证书",
        "{姓名}同志：\n于{开始日期}至{结束日期}参加{班级}，完成培训{学时}学时，经考核合格，准予结业。\n特发此证。",
        issuer, null, "结业〔{年}〕第{0000}号", "", PageOrientation.Landscape);

    /// <summary>The 优秀学员证书's starting template (a class's second kind, issued to the confirmed outstanding list).</summary>
    public static CertificateTemplate DefaultOutstanding(string issuer) => new("优秀学员证书",
        "{姓名}同志：\n在{班级}（{开始日期}至{结束日期}）中表现突出，被评为优秀学员。\n特发此证，以资鼓励。",
        issuer, null, "优秀〔{年}〕第{000}号", "", PageOrientation.Portrait);

    /// <summary>The first thing wrong: an empty title, body or issuer, a value too long, an unknown field, a bad serial format.</summary>
    public Error? Check()
    {
        if (string.IsNullOrWhiteSpace(Title)) return new Error("Certificate.TitleRequired");
        if (string.IsNullOrWhiteSpace(Body)) return new Error("Certificate.BodyRequired");
        if (string.IsNullOrWhiteSpace(Issuer)) return new Error("Certificate.IssuerRequired");
        if (Title.Length > MaxTitle || Body.Length > MaxBody || Issuer.Length > MaxIssuer || SerialFormat.Length > MaxSerial || Hours.Length > MaxHours)
            return new Error("Certificate.TooLong");
        if (CertificateFields.Check(Body) is { } field) return field;
        if (CertificateFields.Check(Title) is { } inTitle) return inTitle;
        return Certificates.SerialFormat.Check(SerialFormat);
    }
}

/// <summary>The fields a body may use, in braces. Anything else in braces is refused by name.</summary>
public static partial class CertificateFields
{
    public const string Name = "姓名", Class = "班级", Start = "开始日期", End = "结束日期", Hours = "学时", Unit = "单位",
        Issuer = "颁发单位", IssueDate = "颁发日期", Serial = "证书编号";

    public static readonly IReadOnlyList<string> Known = [Name, Class, Start, End, Hours, Unit, Issuer, IssueDate, Serial];

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex FieldPattern();

    /// <summary>Certificate.UnknownField (the field as typed, the known ones) for the first field not known; an unmatched brace: Certificate.Brace.</summary>
    public static Error? Check(string text)
    {
        foreach (Match m in FieldPattern().Matches(text))
            if (!Known.Contains(m.Groups[1].Value))
                return new Error("Certificate.UnknownField", "{" + m.Groups[1].Value + "}", string.Join(" ", Known.Select(k => "{" + k + "}")));
        var rest = FieldPattern().Replace(text, "");
        return rest.Contains('{') || rest.Contains('}') ? new Error("Certificate.Brace") : null;
    }

    /// <summary>The text with every known field replaced by its value (a missing value: empty).</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        FieldPattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : "");

    /// <summary>A date as a certificate prints it: 2023年7月5日.</summary>
    public static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";
}

/// <summary>
/// The serial number's format: literal text with exactly one run of zeros in braces, the number padded to its width
/// ({0000}: 0001 … 9999, wider numbers printed in full), and optionally {年}, the year of issue.
/// E.g. 鄂民培〔2023〕第{0000}号 → 鄂民培〔2023〕第0001号.
/// </summary>
public static partial class SerialFormat
{
    [GeneratedRegex(@"\{(0+)\}")]
    private static partial Regex NumberPattern();

    public static Error? Check(string format)
    {
        if (string.IsNullOrWhiteSpace(format)) return new Error("Certificate.SerialRequired");
        var numbers = NumberPattern().Matches(format).Count;
        if (numbers != 1) return new Error("Certificate.SerialNumber");
        var rest = NumberPattern().Replace(format, "").Replace("{年}", "");
        return rest.Contains('{') || rest.Contains('}') ? new Error("Certificate.SerialBrace") : null;
    }

    public static string Format(string format, int number, int year)
    {
        var s = NumberPattern().Replace(format, m => number.ToString(new string('0', m.Groups[1].Length)), 1);
        return s.Replace("{年}", year.ToString());
    }
}

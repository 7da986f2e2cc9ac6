namespace CommunityAcademy.Domain.Timetable;

/// <summary>Day labels as printed timetables write them: 第一天, 第二天 … 第十二天.</summary>
public static class ChineseDays
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; other numbers in Arabic digits.</summary>
    public static string Numeral(int n) => n switch
    {
        >= 0 and < 10 => Digits[n],
        10 => "十",
        > 10 and < 20 => "十" + Digits[n % 10],
        >= 20 and < 100 => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string DayLabel(int dayNumber) => $"第{Numeral(dayNumber)}天";

    /// <summary>"第一天", "第 1 天", "第1天" → 1; null when the text is not a day label.</summary>
    public static int? ParseDayLabel(string? text)
    {
        var t = (text ?? "").Replace(" ", "").Replace("\u3000", "").Trim();
        if (!t.StartsWith('第') || !t.EndsWith('天') || t.Length < 3) return null;
        var inner = t[1..^1];
        if (int.TryParse(inner, out var arabic)) return arabic > 0 ? arabic : null;
        for (var n = 1; n < 100; n++) if (Numeral(n) == inner) return n;
        return null;
    }

    private static readonly string[] Weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
    public static string Weekday(DateOnly date) => Weekdays[(int)date.DayOfWeek];
}

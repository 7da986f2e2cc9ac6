namespace CommunityAcademy.Domain.Accounts;

public static partial class Masking
{
    /// <summary>
    /// A person's name shown to anyone (a certificate's public page, #22): the first character kept, and the last when the
    /// name has three or more; 张三 → 张*, 李小明 → 李*明, 欧阳娜娜 → 欧**娜. A name holding a phone number is masked as one.
    /// </summary>
    public static string Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var s = Username(name.Trim())!;
        if (s != name.Trim()) return s;
        var chars = System.Globalization.StringInfo.GetTextElementEnumerator(s);
        var parts = new List<string>();
        while (chars.MoveNext()) parts.Add((string)chars.Current);
        return parts.Count switch
        {
            1 => parts[0],
            2 => parts[0] + "*",
            _ => parts[0] + new string('*', parts.Count - 2) + parts[^1],
        };
    }
}
